// What a diagnosis rests on: how many events were read, for how many webhooks the metadata says
// whether the delivery got through, for how many commands it says the result, and which command
// names no rule recognised. Said as one line under the findings (panel, command, chat tool), so a
// silence on a real account is never taken for "nothing went wrong".
import type { L10nHost } from '../core/l10n';
import { isUnrecognisedCommand, type Session } from './session';
import type { DiagnosisBasis } from './types';

/** Unrecognised command names listed in the line before "and N more". */
const NAMES_LISTED = 3;

export function diagnosisBasis(session: Session): DiagnosisBasis {
  let webhooks = 0;
  let deliveryKnown = 0;
  let commands = 0;
  let resultKnown = 0;
  const unrecognised = new Map<string, number>();
  let tapped = 0;
  let signaturesUnchecked = 0;
  for (const ev of session.ordered) {
    if (ev.event.tap) tapped++;
    if (ev.event.tap?.signature === 'unchecked') signaturesUnchecked++;
    if (ev.event.type === 'webhook') {
      webhooks++;
      if (ev.read.delivery !== 'unknown') deliveryKnown++;
    } else if (ev.event.type === 'command') {
      commands++;
      if (ev.read.commandOutcome !== 'unknown') resultKnown++;
      if (isUnrecognisedCommand(ev)) unrecognised.set(ev.event.name, (unrecognised.get(ev.event.name) ?? 0) + 1);
    }
  }
  return {
    eventsRead: session.ordered.length,
    webhooks,
    deliveryKnown,
    commands,
    resultKnown,
    unrecognisedCommands: [...unrecognised].map(([name, count]) => ({ name, count })),
    tapped,
    signaturesUnchecked,
  };
}

/** "312 events read; delivery results known for 0 of 40 webhooks, so failed deliveries cannot be judged; …". */
export function describeBasis(basis: DiagnosisBasis, host: L10nHost): string {
  const parts = [host.l10n.t('{0} events read', basis.eventsRead)];
  if (basis.webhooks > 0) {
    const known = host.l10n.t('delivery results known for {0} of {1} webhooks', basis.deliveryKnown, basis.webhooks);
    parts.push(
      basis.deliveryKnown === 0
        ? host.l10n.t('{0}, so failed deliveries cannot be judged', known)
        : basis.deliveryKnown < basis.webhooks
          ? host.l10n.t('{0}, so failed deliveries are judged on those only', known)
          : known,
    );
  }
  if (basis.commands > 0) {
    const known = host.l10n.t('results known for {0} of {1} commands', basis.resultKnown, basis.commands);
    parts.push(
      basis.resultKnown < basis.commands ? host.l10n.t('{0}, so a failed command may go unreported', known) : known,
    );
  }
  const names = basis.unrecognisedCommands;
  if (names.length > 0) {
    const total = names.reduce((sum, n) => sum + n.count, 0);
    const listed = names
      .slice(0, NAMES_LISTED)
      .map((n) => n.name)
      .join(', ');
    const more = names.length > NAMES_LISTED ? host.l10n.t(' and {0} more', names.length - NAMES_LISTED) : '';
    parts.push(
      host.l10n.t('{0} commands with a name not recognised as a Call Control command ({1}{2})', total, listed, more),
    );
  }
  if (basis.tapped > 0) parts.push(host.l10n.t('{0} seen by the live tap', basis.tapped));
  if (basis.signaturesUnchecked > 0)
    parts.push(
      host.l10n.t(
        "signatures of {0} tapped webhooks could not be checked without the account's public key",
        basis.signaturesUnchecked,
      ),
    );
  return `${parts.join('; ')}.`;
}
