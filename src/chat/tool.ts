// The shape of one language-model tool, without `vscode`: src/chat/index.ts turns each definition
// into a vscode.LanguageModelTool. Adding a tool is one file exporting a ChatToolDefinition, one
// entry in src/chat/tools.ts and its contribution in package.json.
import type { L10nHost } from '../core/l10n';
import type { LegAndSessionIds } from '../calls/knownIds';
import type { DoctorOptions } from '../doctor/types';
import type * as DoctorModule from '../doctor/bundle';
import type { TelnyxApi } from '../telnyx/api';

export interface ToolRunContext {
  readonly host: L10nHost;
  /** The shared client (one request budget for the whole extension); undefined when no key is set. */
  api(): Promise<TelnyxApi | undefined>;
  /** Aborted when the chat cancels the tool call. */
  readonly signal: AbortSignal;
  /** The words the UI shows for a failed request (the call panel's or the tree's). */
  failureSentence(error: unknown): string;
  /** Leg and session of calls seen earlier (the call panel remembers them after their status is gone). */
  knownCallIds(callControlId: string): LegAndSessionIds | undefined;
  /** Keeps a call's leg and session, so that its timeline stays reachable after its status is gone. */
  rememberCallIds(callControlId: string, ids: LegAndSessionIds): void;
  /** The call doctor (loaded on first use). */
  doctor(): typeof DoctorModule;
  /** The call doctor's thresholds from the user's settings (`telnyx.doctor.*`). */
  doctorOptions(): DoctorOptions;
  /** Active calls per page (the `telnyx.pageSize` setting, capped for the model). */
  readonly pageSize: number;
  now(): number;
}

export interface ToolPresentation {
  /** Shown while the tool runs. */
  invocationMessage: string;
  /** The confirmation asked before the tool reads the account. Plain text (shown escaped). */
  confirmation: { title: string; message: string };
}

export type InputCheck<I> = { ok: true; input: I } | { ok: false; problem: string };

export interface ChatToolDefinition<I> {
  /** As in package.json `contributes.languageModelTools[].name`. */
  readonly name: string;
  /** The chat passes whatever the model wrote: check it against what the schema promises. */
  checkInput(raw: unknown, host: L10nHost): InputCheck<I>;
  present(input: I, host: L10nHost): ToolPresentation;
  /** The tool's text for the model. Rejects only when cancelled. */
  run(input: I, context: ToolRunContext): Promise<string>;
}
