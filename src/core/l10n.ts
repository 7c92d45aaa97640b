// Where the core's wording comes from. Core modules never import 'vscode': they call `host.l10n.t`
// with literal messages (so `npm run l10n`, scripts/l10n.mjs, still finds them), and the extension passes
// `vscode` as the host, while plain Node tests and the README generator pass `englishStrings`.

export interface L10nHost {
  l10n: { t(message: string, ...args: Array<string | number>): string };
}

/** English wording without VS Code: placeholders {0}, {1}… filled in, as vscode.l10n.t does. */
export const englishStrings: L10nHost = {
  l10n: {
    t(message: string, ...args: Array<string | number>): string {
      return message.replace(/\{(\d+)\}/g, (whole, n: string) =>
        Number(n) < args.length ? String(args[Number(n)]) : whole,
      );
    },
  },
};
