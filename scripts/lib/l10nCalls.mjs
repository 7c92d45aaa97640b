// The `l10n.t(…)` calls of TypeScript sources, read as `vscode-l10n-dev export` reads them (and also those on an
// `L10nHost` passed in, `host.l10n.t`): scripts/l10n.mjs writes l10n/bundle.l10n.json from them, and
// test/unit/l10n.test.ts checks the sources against that file with the same reading.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

export function tsFilesUnder(dir) {
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

/** Calls of the form `<anything>.l10n.t(...)` or `l10n.t(...)`. */
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
function entryOf(arg) {
  const text = literalText(arg);
  if (text !== undefined) return [text, text];
  if (!ts.isObjectLiteralExpression(arg)) return undefined;
  let message;
  let comment = [];
  for (const prop of arg.properties) {
    if (!ts.isPropertyAssignment(prop) || !ts.isIdentifier(prop.name)) continue;
    if (prop.name.text === 'message') message = literalText(prop.initializer);
    if (prop.name.text === 'comment') {
      const parts = ts.isArrayLiteralExpression(prop.initializer) ? [...prop.initializer.elements] : [prop.initializer];
      comment = parts.map((part) => literalText(part) ?? '');
    }
  }
  if (message === undefined) return undefined;
  return comment.length ? [`${message}/${comment.join('')}`, { message, comment }] : [message, message];
}

/** Every l10n.t call in a file's text, in order; `name` is what `where` starts with. */
export function l10nCallsIn(name, text) {
  const source = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true);
  const calls = [];
  const visit = (node) => {
    if (ts.isCallExpression(node) && isL10nT(node) && node.arguments.length > 0) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      const entry = entryOf(node.arguments[0]);
      calls.push({ where: `${name}:${line + 1}`, key: entry?.[0], value: entry?.[1] });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return calls;
}
