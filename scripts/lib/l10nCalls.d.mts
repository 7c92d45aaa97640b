export interface L10nCall {
  /** `file:line`. */
  where: string;
  /** The bundle key, or undefined when the message is not a literal (so no tool can extract it). */
  key: string | undefined;
  /** What the bundle holds for the key: the message, or the message with its comment. */
  value: string | { message: string; comment: string[] } | undefined;
}
export declare function tsFilesUnder(dir: string): string[];
export declare function l10nCallsIn(name: string, text: string): L10nCall[];
