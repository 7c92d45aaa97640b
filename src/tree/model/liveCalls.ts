// The live calls the tree has counted, summed for surfaces outside the tree (the status bar). No
// 'vscode': the summary is what the counts say, nothing is read for it.
import type { ConnectionLiveCalls, LiveCallsSummary } from '../../services/services';
import type { CountState } from './countState';

export const NO_LIVE_CALLS_COUNTED: LiveCallsSummary = { total: 0, atLeast: false, counted: 0, connections: [] };

/** Sums the counts that have been read (`known` and `atLeast`); pending, failed and unsupported ones are left out. */
export function summarizeLiveCalls(
  counts: Iterable<[string, CountState]>,
  nameOf: (connectionId: string) => string | undefined,
): LiveCallsSummary {
  let total = 0;
  let atLeast = false;
  let counted = 0;
  const connections: ConnectionLiveCalls[] = [];
  for (const [connectionId, count] of counts) {
    if (count.kind !== 'known' && count.kind !== 'atLeast') continue;
    counted += 1;
    total += count.total;
    if (count.kind === 'atLeast') atLeast = true;
    if (count.total > 0)
      connections.push({
        connectionId,
        name: nameOf(connectionId),
        calls: count.total,
        atLeast: count.kind === 'atLeast',
      });
  }
  connections.sort((a, b) => b.calls - a.calls || (a.name ?? a.connectionId).localeCompare(b.name ?? b.connectionId));
  return { total, atLeast, counted, connections };
}

export function sameLiveCalls(a: LiveCallsSummary, b: LiveCallsSummary): boolean {
  return (
    a.total === b.total &&
    a.atLeast === b.atLeast &&
    a.counted === b.counted &&
    a.connections.length === b.connections.length &&
    a.connections.every((c, i) => {
      const d = b.connections[i];
      return c.connectionId === d.connectionId && c.name === d.name && c.calls === d.calls && c.atLeast === d.atLeast;
    })
  );
}
