// One line about a diagnosis for places with little room (hover, tree tooltip): "2 findings: …".
import type { L10nHost } from '../core/l10n';
import type { Finding } from './types';

/** Warnings and errors only; undefined when there are none. */
export function summarizeFindings(findings: readonly Finding[], host: L10nHost): string | undefined {
  const serious = findings.filter((f) => f.severity !== 'info');
  if (!serious.length) return undefined;
  const titles = serious
    .slice(0, 2)
    .map((f) => f.title)
    .join('; ');
  const more = serious.length > 2 ? host.l10n.t(' (and {0} more)', serious.length - 2) : '';
  return serious.length === 1
    ? host.l10n.t('1 finding: {0}', titles)
    : host.l10n.t('{0} findings: {1}{2}', serious.length, titles, more);
}
