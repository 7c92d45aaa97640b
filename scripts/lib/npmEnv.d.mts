export function nestedNpmEnv(env?: NodeJS.ProcessEnv, overrides?: Record<string, string>): NodeJS.ProcessEnv;
