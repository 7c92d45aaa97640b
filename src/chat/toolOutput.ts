// What a language-model tool hands back to the chat. The model reads tool output as its own context,
// so anything that came from the API (names, client_state, metadata, even error details) is data an
// attacker may have chosen: it goes inside one delimited block as JSON, never into the tool's own
// sentences. Plain TypeScript: unit-tested in Node.

export const DATA_OPEN = '<telnyx_api_data>';
export const DATA_CLOSE = '</telnyx_api_data>';

/**
 * JSON in which no character can end the block or be read as markup: `<`, `>`, `&`, backticks and
 * the line separators become \u escapes (still the same JSON value for any parser), and
 * JSON.stringify already escapes quotes, backslashes and every newline.
 */
export function quoteJson(value: unknown): string {
  return (JSON.stringify(value) ?? 'null').replace(
    /[<>&`\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * An object laid out one field per line, and an array field of objects one element per line: as
 * compact as JSON on one line, but a model (or a person reading the chat's tool output) can follow it.
 */
export function layoutJson(value: Record<string, unknown>): string {
  const fields = Object.entries(value).filter(([, field]) => field !== undefined);
  if (fields.length === 0) return '{}';
  const lines = fields.map(([name, field], i) => {
    const comma = i < fields.length - 1 ? ',' : '';
    if (Array.isArray(field) && field.length > 0) {
      const items = field.map((item, j) => `  ${quoteJson(item)}${j < field.length - 1 ? ',' : ''}`);
      return ` ${quoteJson(name)}: [\n${items.join('\n')}\n ]${comma}`;
    }
    return ` ${quoteJson(name)}: ${quoteJson(field)}${comma}`;
  });
  return `{\n${lines.join('\n')}\n}`;
}

export interface ToolTextParts {
  /** The tool's own words: fixed sentences and numbers only, never text from the API. */
  summary: string;
  /** Says that the block is data; given by the caller so that it can be translated. */
  dataNotice?: string;
  data?: Record<string, unknown>;
  /** More of the tool's own words after the block (e.g. what was left out). */
  notes?: readonly string[];
}

export function toolText(parts: ToolTextParts): string {
  const lines = [parts.summary];
  if (parts.data) {
    if (parts.dataNotice) lines.push(parts.dataNotice);
    lines.push(DATA_OPEN, layoutJson(parts.data), DATA_CLOSE);
  }
  for (const note of parts.notes ?? []) lines.push(note);
  return lines.join('\n');
}
