// One reading of each document version, shared by the diagnostics, completion, hovers, code actions
// and lenses: its language's syntax, whether it mentions Telnyx, its handler analysis and its keys.
import type * as vscode from 'vscode';
import { analyzeHandlers, mentionsTelnyx, type HandlerAnalysis } from './scan/handlers';
import { findApiKeys, isEnvironmentFile, type TextRange } from './scan/keys';
import { syntaxOf, type Syntax } from './scan/languages';

/** Where a key could be typed or pasted; not VS Code's own views (output, git, …). */
const KEY_CHECKED_SCHEMES = new Set([
  'file',
  'untitled',
  'vscode-notebook-cell',
  'vscode-remote',
  'vscode-vfs',
  'vscode-userdata',
]);

interface Reading {
  version: number;
  languageId: string;
  text: string;
  syntax: Syntax | undefined;
  telnyx: boolean;
  analysis?: HandlerAnalysis;
  keys?: TextRange[];
}

export class CodeDocuments {
  // By document, not by URI: an untitled document opened after another was closed may get its URI
  // (and its version number) before the close is told.
  private readonly readings = new WeakMap<vscode.TextDocument, Reading>();

  private reading(document: vscode.TextDocument): Reading {
    const known = this.readings.get(document);
    if (known && known.version === document.version && known.languageId === document.languageId) return known;
    const text = document.getText();
    const syntax = syntaxOf(document.languageId);
    const fresh: Reading = {
      version: document.version,
      languageId: document.languageId,
      text,
      syntax,
      telnyx: syntax !== undefined && mentionsTelnyx(text),
    };
    this.readings.set(document, fresh);
    return fresh;
  }

  /** Undefined for a file of another language, or one that never mentions Telnyx. */
  analysis(document: vscode.TextDocument): (HandlerAnalysis & { syntax: Syntax; text: string }) | undefined {
    const reading = this.reading(document);
    if (!reading.syntax || !reading.telnyx) return undefined;
    reading.analysis ??= analyzeHandlers(reading.text, reading.syntax);
    return { ...reading.analysis, syntax: reading.syntax, text: reading.text };
  }

  /** Telnyx API keys written in the document; none in `.env` files, where keys belong. */
  keys(document: vscode.TextDocument): TextRange[] {
    if (!KEY_CHECKED_SCHEMES.has(document.uri.scheme) || isEnvironmentFile(document.fileName)) return [];
    const reading = this.reading(document);
    reading.keys ??= findApiKeys(reading.text);
    return reading.keys;
  }

  forget(document: vscode.TextDocument): void {
    this.readings.delete(document);
  }
}
