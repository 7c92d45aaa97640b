// `npm run l10n`: writes l10n/bundle.l10n.json, the English strings translators start from: the
// first argument of every `….l10n.t(…)` and `l10n.t(…)` call under src/. It reads the same calls as
// `vscode-l10n-dev export`, and also those on an `L10nHost` passed in (`host.l10n.t`), which lets
// the vscode-free folders (src/core/l10n.ts) be localised without importing 'vscode'.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function tsFilesUnder(dir) {
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...tsFilesUnder(path));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) found.push(path);
  }
  return found;
}

/** A literal's text, or that of literals joined with `+` (so a long message can be wrapped: 'a ' + 'b'). */
function literalText(node) {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isParenthesizedExpression(node)) return literalText(node.expression);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = literalText(node.left);
    const right = left === undefined ? undefined : literalText(node.right);
    return right === undefined ? undefined : left + right;
  }
  return undefined;
}

function isL10nT(call) {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 't') return false;
  const owner = callee.expression;
  return (
    (ts.isIdentifier(owner) && owner.text === 'l10n') ||
    (ts.isPropertyAccessExpression(owner) && owner.name.text === 'l10n')
  );
}

/** [key, value] as `vscode-l10n-dev export` writes it: the message, or `message/comment` with the comment kept. */
function entryOf(arg, where) {
  const text = literalText(arg);
  if (text !== undefined) return [text, text];
  if (ts.isObjectLiteralExpression(arg)) {
    let message;
    let comment = [];
    for (const prop of arg.properties) {
      if (!ts.isPropertyAssignment(prop) || !ts.isIdentifier(prop.name)) continue;
      if (prop.name.text === 'message') message = literalText(prop.initializer);
      if (prop.name.text === 'comment') {
        const parts = ts.isArrayLiteralExpression(prop.initializer)
          ? [...prop.initializer.elements]
          : [prop.initializer];
        comment = parts.map((part) => literalText(part) ?? '');
      }
    }
    if (message !== undefined)
      return comment.length ? [`${message}/${comment.join('')}`, { message, comment }] : [message, message];
  }
  throw new Error(`${where}: l10n.t with a message that is not a literal (pass variable parts as {0} arguments)`);
}

export function extractL10nBundle(srcDir = join(root, 'src')) {
  const bundle = {};
  for (const file of tsFilesUnder(srcDir)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node) => {
      if (ts.isCallExpression(node) && isL10nT(node) && node.arguments.length > 0) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        const [key, value] = entryOf(node.arguments[0], `${relative(root, file)}:${line + 1}`);
        bundle[key] = value;
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return bundle;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ?? join(root, 'l10n', 'bundle.l10n.json');
  const found = extractL10nBundle();
  // Strings already in the bundle keep their place and new ones come last, so a change reads as its own lines.
  const previous = existsSync(out) ? Object.keys(JSON.parse(readFileSync(out, 'utf8'))) : [];
  const bundle = {};
  for (const key of [...previous, ...Object.keys(found)]) if (Object.hasOwn(found, key)) bundle[key] = found[key];
  writeFileSync(out, JSON.stringify(bundle, null, 2));
  console.log(`${Object.keys(bundle).length} strings → ${relative(process.cwd(), out)}`);
}
