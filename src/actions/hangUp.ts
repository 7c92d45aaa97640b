// Hang Up: one modal confirmation naming the call and the account, then one hangup command with a
// command_id. The call comes from the extension's own objects (a tree row, a panel), never from text
// a workspace could write, and the account is the one in use or the panel's own.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { shortId } from '../core/format';
import type { ApiAccess } from '../services/apiAccess';
import type { Logger } from '../services/logger';
import type { CallHangUps, HangUpOutcome, HangUpRequest } from '../services/services';
import { isTelnyxError } from '../telnyx/errors';
import { failureSentence } from '../text/failure';

/** Telnyx ignores a command repeated with the same command_id within 60 s; stay well inside it. */
const COMMAND_ID_REUSE_MS = 50_000;

export class HangUpService implements CallHangUps {
  /** One hang-up per call at a time: a double click gets the first one's answer. */
  private readonly underWay = new Map<string, Promise<HangUpOutcome | undefined>>();
  /** The command_id of a hang-up that got no clear answer, reused when the user tries again. */
  private readonly unanswered = new Map<string, { commandId: string; at: number }>();

  constructor(
    private readonly access: Pick<ApiAccess, 'account' | 'accounts' | 'getApi' | 'getApiFor'>,
    private readonly log: Logger,
  ) {}

  hangUp(request: HangUpRequest): Promise<HangUpOutcome | undefined> {
    const accountId = request.accountId ?? this.access.account()?.id;
    const key = `${accountId ?? ''}\n${request.callControlId}`;
    const running = this.underWay.get(key);
    if (running) return running;
    const started = this.confirmAndSend(request.callControlId, accountId, key).finally(() => this.underWay.delete(key));
    this.underWay.set(key, started);
    return started;
  }

  private async confirmAndSend(
    callControlId: string,
    accountId: string | undefined,
    key: string,
  ): Promise<HangUpOutcome | undefined> {
    const account = accountId ? this.access.accounts.get(accountId) : undefined;
    const accountName = account?.name ?? vscode.l10n.t('(no account)');
    let api;
    try {
      api = accountId ? await this.access.getApiFor(accountId) : await this.access.getApi();
    } catch (error) {
      return {
        kind: 'failed',
        message: vscode.l10n.t(
          'Could not hang up call {0}: {1}',
          shortId(callControlId),
          failureSentence(error, vscode, { redact: this.log.redact }),
        ),
      };
    }
    if (!api) {
      return {
        kind: 'failed',
        message: vscode.l10n.t("No Telnyx API key is set for account {0}. Run 'Telnyx: Set API Key'.", accountName),
      };
    }
    const hangUp = vscode.l10n.t('Hang Up');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Hang up call {0} of account "{1}"?', shortId(callControlId), accountName),
      {
        modal: true,
        detail: vscode.l10n.t(
          'Telnyx ends this leg of the call now (call_control_id {0}). Whoever is on it is cut off.',
          callControlId,
        ),
      },
      hangUp,
    );
    if (choice !== hangUp) {
      this.log.info(`Hang up ${shortId(callControlId)} (account ${accountName}): cancelled, nothing sent.`);
      return undefined;
    }
    const commandId = this.commandIdFor(key);
    try {
      const result = await api.hangup(callControlId, { commandId }, { priority: 'interactive' });
      this.unanswered.delete(key);
      this.log.info(
        `Hang up ${shortId(callControlId)} (account ${accountName}): ${result.result}, request id ${result.requestId ?? 'none'}.`,
      );
      return {
        kind: 'hung_up',
        message: vscode.l10n.t(
          'Telnyx accepted the hang-up of call {0}; the call ends in a moment.',
          shortId(callControlId),
        ),
        requestId: result.requestId,
      };
    } catch (error) {
      const outcome = this.outcomeOfFailure(error, callControlId);
      // Without a clear answer Telnyx may have acted on it: a second try reuses the command_id (harmless).
      const unclear =
        outcome.kind === 'failed' &&
        isTelnyxError(error) &&
        ['timeout', 'network', 'server', 'rate_limited'].includes(error.kind);
      if (!unclear) this.unanswered.delete(key);
      const requestId = isTelnyxError(error) ? error.requestId : undefined;
      this.log.warn(
        `Hang up ${shortId(callControlId)} (account ${accountName}): ${outcome.kind}, request ` +
          `id ${requestId ?? 'none'}: ${outcome.message}`,
      );
      return { ...outcome, requestId };
    }
  }

  private commandIdFor(key: string): string {
    const kept = this.unanswered.get(key);
    if (kept && Date.now() - kept.at < COMMAND_ID_REUSE_MS) return kept.commandId;
    const commandId = randomUUID();
    this.unanswered.set(key, { commandId, at: Date.now() });
    return commandId;
  }

  private outcomeOfFailure(error: unknown, callControlId: string): Omit<HangUpOutcome, 'requestId'> {
    const call = shortId(callControlId);
    if (isTelnyxError(error)) {
      if (error.code === '90018') {
        return {
          kind: 'already_ended',
          message: vscode.l10n.t('Call {0} had already ended (90018): there was nothing to hang up.', call),
        };
      }
      if (error.code === '90015' || (error.kind === 'not_found' && error.status === 404)) {
        return {
          kind: 'unknown_call',
          message: vscode.l10n.t(
            'Telnyx does not know call {0} ({1}): the id is of another account, or the call ended long ago.',
            call,
            error.code ?? String(error.status),
          ),
        };
      }
      if (error.kind === 'forbidden') {
        return {
          kind: 'forbidden',
          message: vscode.l10n.t(
            "This API key may not control calls ({0}). Check the key's permissions in the Telnyx portal.",
            error.code ?? String(error.status),
          ),
        };
      }
    }
    return {
      kind: 'failed',
      message: vscode.l10n.t(
        'Could not hang up call {0}: {1}',
        call,
        failureSentence(error, vscode, { redact: this.log.redact }),
      ),
    };
  }
}
