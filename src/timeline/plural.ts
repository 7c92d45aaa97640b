// Words that change with a count ("1 event", "2 events"). VS Code's l10n has no plural rules, so the
// extension translates both English forms and the count picks one where the words are shown.

export interface Plural {
  /** For a count of exactly 1, e.g. "Showing {0} of {1} event". */
  one: string;
  /** For any other count, e.g. "Showing {0} of {1} events". */
  other: string;
}

export function pluralFor(words: Plural, count: number): string {
  return count === 1 ? words.one : words.other;
}
