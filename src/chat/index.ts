// VS Code glue for the chat's language-model tools: each definition of src/chat/tools.ts becomes a
// vscode.LanguageModelTool, registered at activation.
import * as vscode from 'vscode';
import { describeFailure, reportSentence } from '../text/failure';
import { knownCallsOf, type KnownCalls } from '../calls/knownCalls';
import { loadDoctor } from '../services/doctorLoader';
import { doctorOptionsFromSettings } from '../services/doctorSettings';
import type { Services } from '../services/services';
import { isCancellation, presentationFor, ToolCancelledError } from './common';
import type { ToolRunContext } from './tool';
import { CHAT_TOOLS, type ChatToolEntry } from './tools';

// A model reads a page of calls better than fifty; the Connections view shows the rest.
const MAX_CALLS_PER_PAGE = 25;

function textResult(text: string): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
}

function languageModelTool(
  entry: ChatToolEntry,
  services: Services,
  knownCalls: KnownCalls,
): vscode.LanguageModelTool<unknown> {
  const { definition } = entry;
  // The same words as the surface the tool stands for (a call's missing status reads as the panel says it).
  const words = (e: unknown): string =>
    reportSentence(describeFailure(e, vscode, entry.errorWording === 'connectionsView' ? {} : { subject: 'call' }));
  return {
    prepareInvocation: async (options) => {
      const checked = definition.checkInput(options.input, vscode);
      // Input the tool refuses reads nothing, so there is nothing to confirm: invoke() explains.
      if (!checked.ok) return { invocationMessage: vscode.l10n.t('Checking the request') };
      const hasKey = (await services.apiAccess.resolveKey()) !== undefined;
      const presented = presentationFor(definition, checked.input, hasKey, vscode);
      // The ids come from the model (and so perhaps from a hostile prompt): shown as text, never markdown.
      const message = new vscode.MarkdownString().appendText(presented.confirmation.message);
      return {
        invocationMessage: presented.invocationMessage,
        confirmationMessages: { title: presented.confirmation.title, message },
      };
    },
    invoke: async (options, token) => {
      const checked = definition.checkInput(options.input, vscode);
      if (!checked.ok) return textResult(checked.problem);
      const abort = new AbortController();
      const listener = token.onCancellationRequested(() => abort.abort());
      if (token.isCancellationRequested) abort.abort();
      const context: ToolRunContext = {
        host: vscode,
        api: () => services.apiAccess.getApi(),
        signal: abort.signal,
        failureSentence: (error) => services.log.redact(words(error)),
        knownCallIds: (callControlId) => knownCalls.get(callControlId),
        rememberCallIds: (callControlId, ids) => knownCalls.remember(callControlId, ids),
        pageSize: Math.min(services.apiAccess.settings().pageSize, MAX_CALLS_PER_PAGE),
        now: () => Date.now(),
        doctor: loadDoctor,
        doctorOptions: doctorOptionsFromSettings,
      };
      try {
        const text = await definition.run(checked.input, context);
        services.log.info(`Chat tool ${definition.name} answered (${text.length} characters).`);
        // The key never reaches a tool's text; redacting is the last guard should a message ever carry it.
        return textResult(services.log.redact(text));
      } catch (error) {
        if (error instanceof ToolCancelledError || isCancellation(error, abort.signal))
          throw new vscode.CancellationError();
        services.log.error(
          `Chat tool ${definition.name} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        throw error;
      } finally {
        listener.dispose();
      }
    },
  };
}

export function registerChatTools(services: Services): void {
  const knownCalls = knownCallsOf(services.calls);
  for (const entry of CHAT_TOOLS) {
    services.context.subscriptions.push(
      vscode.lm.registerTool(entry.definition.name, languageModelTool(entry, services, knownCalls)),
    );
  }
}
