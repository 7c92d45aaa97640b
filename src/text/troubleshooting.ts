// The README's troubleshooting table, made from the same words the tree, panel, palette and hover
// show (src/text/failure.ts), so the two cannot drift apart. test/unit/troubleshooting.test.ts
// checks that README.md holds exactly this.
import { NoApiKeyError } from '../core/errors';
import { englishStrings } from '../core/l10n';
import { TelnyxError, type TelnyxErrorDetails } from '../telnyx/errors';
import { describeFailure, type DescribeOptions } from './failure';

interface Row {
  /** What Telnyx answered, as the first column says it. */
  when: string;
  error: unknown;
  options?: DescribeOptions;
}

// No status or code on the samples: the table's first column names them, and the UI appends the
// actual ones as " (HTTP 404, 10005)".
const telnyx = (details: Omit<TelnyxErrorDetails, 'message'>): TelnyxError =>
  new TelnyxError({ message: '', ...details });

const ROWS: Row[] = [
  { when: '— (no key stored, no `TELNYX_API_KEY`)', error: new NoApiKeyError() },
  { when: '10009 (401)', error: telnyx({ kind: 'unauthenticated' }) },
  { when: '10010 (403)', error: telnyx({ kind: 'forbidden' }) },
  {
    when: '10005 (404), 90015 / 90018 (422) on a call',
    error: telnyx({ kind: 'not_found' }),
    options: { subject: 'call' },
  },
  { when: '10005 (404) elsewhere', error: telnyx({ kind: 'not_found' }) },
  { when: '10015 (422) naming the connection', error: telnyx({ kind: 'invalid_connection' }) },
  { when: '10015 (400/422) naming a page cursor', error: telnyx({ kind: 'bad_request', pointer: 'page[after]' }) },
  { when: '10015 (400/422) naming a parameter', error: telnyx({ kind: 'bad_request', pointer: 'filter[x]' }) },
  { when: '10011 (429)', error: telnyx({ kind: 'rate_limited' }) },
  { when: '5xx, or an HTML error page', error: telnyx({ kind: 'server' }) },
  { when: '— (no answer within `telnyx.requestTimeout`)', error: telnyx({ kind: 'timeout' }) },
  { when: '— (connection refused, DNS, TLS, proxy)', error: telnyx({ kind: 'network' }) },
  { when: "— (an answer that is not the API's JSON)", error: telnyx({ kind: 'malformed' }) },
  { when: '— (`telnyx.apiBaseUrl` not https, not loopback)', error: telnyx({ kind: 'config' }) },
];

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export const TROUBLESHOOTING_START =
  '<!-- troubleshooting table: made by src/text/troubleshooting.ts, checked by test/unit/troubleshooting.test.ts -->';
export const TROUBLESHOOTING_END = '<!-- end of troubleshooting table -->';

/** The table as it stands in README.md, between its two markers. */
export function renderTroubleshootingTable(): string {
  const lines = ['| Telnyx answers | What you see | What to do |', '| --- | --- | --- |'];
  for (const row of ROWS) {
    const report = describeFailure(row.error, englishStrings, row.options);
    lines.push(`| ${row.when} | "${cell(report.message)}" | ${cell(report.action)} |`);
  }
  return lines.join('\n');
}

/** The table README.md holds now, or undefined without its markers. */
export function currentTroubleshootingTable(readme: string): string | undefined {
  const start = readme.indexOf(TROUBLESHOOTING_START);
  const end = readme.indexOf(TROUBLESHOOTING_END);
  if (start < 0 || end < start) return undefined;
  return readme.slice(start + TROUBLESHOOTING_START.length, end).trim();
}
