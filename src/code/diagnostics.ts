// The warnings of the code features, in one collection: event names and hangup causes Telnyx never
// sends (in files that mention Telnyx), and API keys written into any open document. Checked when a
// document is opened or edited; nothing is read from disk beyond what VS Code has open.
import * as vscode from 'vscode';
import type { CodeDocuments } from './documents';
import type { CodeProblem } from './scan/handlers';
import type { CodeSettings } from './settings';

export const DIAGNOSTIC_SOURCE = 'Telnyx';

export const DiagnosticCode = {
  unknownEvent: 'telnyx-unknown-event',
  v1Event: 'telnyx-v1-event',
  unknownHangupCause: 'telnyx-unknown-hangup-cause',
  apiKey: 'telnyx-api-key',
} as const;

const EDIT_DELAY_MS = 150;

/** The warning's words: never the key itself. */
export function problemMessage(problem: CodeProblem): string {
  switch (problem.kind) {
    case 'v1-event':
      return vscode.l10n.t(
        '"{0}" is a Call Control v1 event name; v2 webhooks send "{1}".',
        problem.value,
        problem.suggestion ?? '',
      );
    case 'unknown-hangup-cause':
      return problem.suggestion
        ? vscode.l10n.t(
            'Telnyx never sends the hangup_cause "{0}": this branch never runs. Did you mean "{1}"?',
            problem.value,
            problem.suggestion,
          )
        : vscode.l10n.t('Telnyx never sends the hangup_cause "{0}": this branch never runs.', problem.value);
    case 'unknown-event':
      return problem.suggestion
        ? vscode.l10n.t(
            '"{0}" is not an event Telnyx sends: this branch never runs. Did you mean "{1}"?',
            problem.value,
            problem.suggestion,
          )
        : vscode.l10n.t('"{0}" is not an event Telnyx sends: this branch never runs.', problem.value);
  }
}

export function keyMessage(): string {
  return vscode.l10n.t(
    'A Telnyx API key is written in this file. Read it from the environment (TELNYX_API_KEY) or keep it in an account of the extension.',
  );
}

const CODES: Record<CodeProblem['kind'], string> = {
  'unknown-event': DiagnosticCode.unknownEvent,
  'v1-event': DiagnosticCode.v1Event,
  'unknown-hangup-cause': DiagnosticCode.unknownHangupCause,
};

export class CodeDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('telnyx.code');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly documents: CodeDocuments,
    private readonly settings: () => CodeSettings,
  ) {}

  /** Checks now (opened documents, a settings change). */
  check(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.collection.set(document.uri, this.diagnosticsOf(document));
  }

  /** Checks once typing pauses. */
  edited(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (!document.isClosed) this.check(document);
      }, EDIT_DELAY_MS),
    );
  }

  closed(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    // An untitled document opened since may already have this URI (even be the same object, open
    // again): its warnings stay.
    const reopened = document.isClosed
      ? vscode.workspace.textDocuments.find((d) => !d.isClosed && d.uri.toString() === key)
      : document;
    if (reopened) this.check(reopened);
    else this.collection.delete(document.uri);
  }

  diagnosticsOf(document: vscode.TextDocument): vscode.Diagnostic[] {
    const settings = this.settings();
    const found: vscode.Diagnostic[] = [];
    if (settings.eventNames) {
      for (const problem of this.documents.analysis(document)?.problems ?? []) {
        const range = new vscode.Range(document.positionAt(problem.start), document.positionAt(problem.end));
        const diagnostic = new vscode.Diagnostic(range, problemMessage(problem), vscode.DiagnosticSeverity.Warning);
        diagnostic.source = DIAGNOSTIC_SOURCE;
        diagnostic.code = CODES[problem.kind];
        found.push(diagnostic);
      }
    }
    if (settings.keyCheck) {
      for (const key of this.documents.keys(document)) {
        const range = new vscode.Range(document.positionAt(key.start), document.positionAt(key.end));
        const diagnostic = new vscode.Diagnostic(range, keyMessage(), vscode.DiagnosticSeverity.Warning);
        diagnostic.source = DIAGNOSTIC_SOURCE;
        diagnostic.code = DiagnosticCode.apiKey;
        found.push(diagnostic);
      }
    }
    return found;
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.collection.dispose();
  }
}
