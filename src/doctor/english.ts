// English wording without VS Code: placeholders {0}, {1}… filled in, as vscode.l10n.t does.
import type { L10nHost } from './types';

export const englishStrings: L10nHost = {
  l10n: {
    t(message: string, ...args: Array<string | number>): string {
      return message.replace(/\{(\d+)\}/g, (whole, n: string) => (Number(n) < args.length ? String(args[Number(n)]) : whole));
    },
  },
};
