/**
 * What the tree has learnt about calls: which connection a call_control_id belongs to, so the
 * hover and commands can offer "Reveal in tree". Filled by the tree, read by everyone.
 */
export class CallIndex {
  private readonly connectionOfCall = new Map<string, string>();

  remember(callControlId: string, connectionId: string): void {
    this.connectionOfCall.set(callControlId, connectionId);
  }

  forget(callControlId: string): void {
    this.connectionOfCall.delete(callControlId);
  }

  connectionOf(callControlId: string): string | undefined {
    return this.connectionOfCall.get(callControlId);
  }

  clear(): void {
    this.connectionOfCall.clear();
  }
}
