// The environment for an npm command started from inside another npm command (`npm test`, `npm run …`).
// The outer npm exports its whole configuration as `npm_*` variables; a nested npm reads them as its
// own. `npm_config_user_agent` then names the outer Node (code-server's postinstall refuses anything
// but Node 24 from it), and `npm_config_nodedir`, `npm_config_node_gyp` and the prefixes point at the
// outer installation. The nested npm reads the user's .npmrc itself, so nothing is lost by dropping
// them, except settings that say how to reach the registry: those name no Node, and a user who set
// them only in the environment still needs them.
const REGISTRY_ACCESS = new Set([
  'npm_config_registry',
  'npm_config_cafile',
  'npm_config_ca',
  'npm_config_proxy',
  'npm_config_https_proxy',
  'npm_config_noproxy',
  'npm_config_strict_ssl',
  'npm_config_userconfig',
  'npm_config_globalconfig',
  'npm_config_cache',
]);

/** `env` without what an outer npm added; `overrides` applied last. */
export function nestedNpmEnv(env = process.env, overrides = {}) {
  const clean = {};
  for (const [name, value] of Object.entries(env)) {
    const lower = name.toLowerCase();
    if (lower.startsWith('npm_') && !REGISTRY_ACCESS.has(lower)) continue;
    // npm sets NODE to the outer Node binary and INIT_CWD to where it was started.
    if (name === 'NODE' || name === 'INIT_CWD') continue;
    clean[name] = value;
  }
  return { ...clean, ...overrides };
}
