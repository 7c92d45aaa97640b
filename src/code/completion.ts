// Inside a string literal of a file that mentions Telnyx, typing `call.` offers the Call Control
// webhooks Telnyx sends, each with its title and payload fields; after `hangup_cause ==` (or in a
// switch on it) the hangup causes.
import * as vscode from 'vscode';
import { KNOWN_HANGUP_CAUSES } from '../timeline/endOfCall';
import { CALL_CONTROL_EVENTS } from './catalogue/index';
import type { CodeDocuments } from './documents';
import { eventDocumentation } from './hover';
import { pieceAt } from './scan/literals';
import type { CodeSettings } from './settings';

const NAME_CHARS = /[a-z0-9_.]/;

export class EventCompletionProvider implements vscode.CompletionItemProvider {
  constructor(
    private readonly documents: CodeDocuments,
    private readonly settings: () => CodeSettings,
  ) {}

  provideCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
  ): vscode.CompletionItem[] | undefined {
    if (!this.settings().eventNames) return undefined;
    const analysis = this.documents.analysis(document);
    if (!analysis) return undefined;
    const offset = document.offsetAt(position);
    const piece = pieceAt(analysis.scanned.pieces, offset);
    if (!piece) return undefined;
    const typed = piece.value.slice(0, offset - piece.start);
    if (!/^[a-z0-9_.]*$/.test(typed)) return undefined;
    let end = offset;
    while (end < piece.end && NAME_CHARS.test(analysis.text[end])) end++;
    const range = new vscode.Range(document.positionAt(piece.start), document.positionAt(end));

    const lineStart = analysis.text.lastIndexOf('\n', piece.literal.start - 1) + 1;
    if (/hangup_?cause/i.test(analysis.text.slice(lineStart, piece.literal.start))) {
      return KNOWN_HANGUP_CAUSES.map((cause, index) => {
        const item = new vscode.CompletionItem(cause, vscode.CompletionItemKind.EnumMember);
        item.detail = vscode.l10n.t('hangup_cause Telnyx sends');
        item.range = range;
        item.sortText = String(index).padStart(2, '0');
        return item;
      });
    }
    if (typed && !CALL_CONTROL_EVENTS.some((event) => event.name.startsWith(typed))) return undefined;
    return CALL_CONTROL_EVENTS.map((event) => {
      const item = new vscode.CompletionItem(event.name, vscode.CompletionItemKind.Event);
      item.detail = event.title;
      item.documentation = eventDocumentation(event);
      item.range = range;
      return item;
    });
  }
}
