// Hover on an event name in a string literal: the webhook's title and payload fields, from the spec.
import * as vscode from 'vscode';
import { CATALOGUE_SOURCE, eventNamed, type CatalogueEvent } from './catalogue/index';
import type { CodeDocuments } from './documents';
import { pieceAt } from './scan/literals';
import type { CodeSettings } from './settings';

/** Text from the spec, with every character Markdown could read as syntax escaped. */
function escaped(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, '\\$&');
}

/** A field or event name inside backticks: only names made of name characters are shown as code. */
function code(name: string): string {
  return /^[\w.]+$/.test(name) ? `\`${name}\`` : escaped(name);
}

/** The spec's words are escaped; the Markdown is not trusted, so no link or command ever runs. */
export function eventDocumentation(event: CatalogueEvent): vscode.MarkdownString {
  const lines = [`**${code(event.name)}** — ${escaped(event.title)}`, '', escaped(vscode.l10n.t('Payload fields:'))];
  for (const field of event.fields) {
    const values = field.values ? ` (${field.values.join(', ')})` : '';
    const said = `${field.description}${values}`;
    lines.push(`- ${code(field.name)}${said ? ` — ${escaped(said)}` : ''}`);
  }
  lines.push(
    '',
    escaped(
      vscode.l10n.t("From Telnyx's OpenAPI spec ({0}, {1}).", CATALOGUE_SOURCE.repository, CATALOGUE_SOURCE.date),
    ),
  );
  return new vscode.MarkdownString(lines.join('\n'));
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
    return new vscode.Hover(
      eventDocumentation(event),
      new vscode.Range(document.positionAt(piece.start), document.positionAt(piece.end)),
    );
  }
}
