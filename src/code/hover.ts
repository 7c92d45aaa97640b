// Hover on an event name in a string literal: the webhook's title and payload fields, from the spec.
import * as vscode from 'vscode';
import { CATALOGUE_SOURCE, eventNamed, type CatalogueEvent } from './catalogue/index';
import type { CodeDocuments } from './documents';
import { pieceAt } from './scan/literals';
import type { CodeSettings } from './settings';

/** Plain text from the spec is appended as text (escaped); no link or command is ever trusted. */
export function eventDocumentation(event: CatalogueEvent): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString();
  markdown.appendMarkdown('**');
  markdown.appendText(event.name);
  markdown.appendMarkdown('** — ');
  markdown.appendText(event.title);
  markdown.appendMarkdown('\n\n');
  markdown.appendText(vscode.l10n.t('Payload fields:'));
  markdown.appendMarkdown('\n');
  for (const field of event.fields) {
    markdown.appendMarkdown('- `');
    markdown.appendText(field.name);
    markdown.appendMarkdown('`');
    const values = field.values ? ` (${field.values.join(', ')})` : '';
    if (field.description || values) {
      markdown.appendMarkdown(' — ');
      markdown.appendText(`${field.description}${values}`);
    }
    markdown.appendMarkdown('\n');
  }
  markdown.appendMarkdown('\n');
  markdown.appendText(vscode.l10n.t("From Telnyx's OpenAPI spec ({0}, {1}).", CATALOGUE_SOURCE.repository, CATALOGUE_SOURCE.date));
  return markdown;
}

export class EventHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly documents: CodeDocuments,
    private readonly settings: () => CodeSettings,
  ) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!this.settings().eventNames) return undefined;
    const analysis = this.documents.analysis(document);
    if (!analysis) return undefined;
    const piece = pieceAt(analysis.scanned.pieces, document.offsetAt(position));
    const event = piece && !piece.literal.interpolated ? eventNamed(piece.value) : undefined;
    if (!piece || !event) return undefined;
    return new vscode.Hover(eventDocumentation(event), new vscode.Range(document.positionAt(piece.start), document.positionAt(piece.end)));
  }
}
