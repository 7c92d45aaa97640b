// What the tree knows of a connection's active-call count (read by the model, summed by liveCalls.ts).
export type CountState =
  | { kind: 'pending' }
  | { kind: 'known'; total: number }
  /** The server answered a page without total_items: at least this many calls. */
  | { kind: 'atLeast'; total: number }
  | { kind: 'unsupported' }
  | { kind: 'failed'; error: unknown };
