// The ladder as text other tools read: a Mermaid `sequenceDiagram` and a self-contained SVG file.
// Event data is hostile: in Mermaid every character outside a small safe set becomes an entity
// code (`#60;`), so no text can end a line or start a statement; in SVG everything is XML-escaped.
import { endOfCallLines, gapText, arrowLabel, lifelineSubtitle, lifelineTitle, type LadderStrings } from './ladderText';
import type { Arrow, Ladder, Lifeline } from './ladder';

/** Mermaid text: letters, digits and a few punctuation marks pass; everything else is `#code;`. */
export function mermaidText(text: string): string {
  let out = '';
  for (const char of text) {
    out += /^[A-Za-z0-9 .,_()+\-/]$/.test(char) ? char : `#${char.codePointAt(0) ?? 63};`;
  }
  return out.trim() === '' ? '#160;' : out;
}

function participantId(line: Lifeline): string {
  return line.kind === 'application' ? 'app' : `L${line.index}`;
}

function participantLabel(line: Lifeline, s: LadderStrings): string {
  const parts = [lifelineTitle(line, s), lifelineSubtitle(line, s), line.shortLegId ?? ''].filter((x) => x !== '');
  return parts.join(' · ');
}

export function ladderToMermaid(ladder: Ladder, s: LadderStrings): string {
  const out = ['sequenceDiagram'];
  for (const line of ladder.lifelines)
    out.push(`  participant ${participantId(line)} as ${mermaidText(participantLabel(line, s))}`);
  const last = ladder.lifelines[ladder.lifelines.length - 1];
  const span = last && last.index > 0 ? `app,${participantId(last)}` : 'app';
  for (const arrow of ladder.arrows) {
    const gap = gapText(arrow, s);
    if (gap) out.push(`  Note over ${span}: ${mermaidText(gap)}`);
    const from = participantId(ladder.lifelines[arrow.from]);
    const to = participantId(ladder.lifelines[arrow.to]);
    // Solid for commands, dashed for webhooks, a cross at the end for a failed delivery.
    const line = arrow.broken ? (arrow.kind === 'webhook' ? '--x' : '-x') : arrow.kind === 'webhook' ? '-->>' : '->>';
    out.push(`  ${from}${line}${to}: ${mermaidText(arrowLabel(arrow, s))}`);
  }
  for (const line of ladder.lifelines) {
    if (line.kind !== 'leg' || !line.hangup) continue;
    const { lines } = endOfCallLines(line.hangup, s);
    out.push(`  Note over ${participantId(line)}: ${[s.endOfCall, ...lines].map(mermaidText).join('<br/>')}`);
  }
  return `${out.join('\n')}\n`;
}

export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );
}

const COLUMN = 230;
const HEADER = 78;
const MARGIN = 16;
const FOOTER_LINE = 16;

function columnX(index: number): number {
  return MARGIN + COLUMN / 2 + index * COLUMN;
}

function text(x: number, y: number, value: string, attrs = ''): string {
  return `<text x="${x}" y="${y}"${attrs ? ` ${attrs}` : ''}>${escapeXml(value)}</text>`;
}

function truncate(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

function arrowSvg(ladder: Ladder, arrow: Arrow, s: LadderStrings): string {
  const y = HEADER + arrow.y + ladder.options.rowHeight * 0.65;
  const x1 = columnX(arrow.from);
  const x2 = columnX(arrow.to);
  const parts: string[] = [];
  const gap = gapText(arrow, s);
  if (gap) {
    const gy = HEADER + arrow.y - 4;
    parts.push(text(MARGIN, gy, gap, `class="${arrow.breakBefore ? 'break' : 'gap'}"`));
    if (arrow.breakBefore) parts.push(`<path class="zigzag" d="M${MARGIN} ${gy - 12} l8 -4 l8 8 l8 -8 l8 8 l8 -4"/>`);
  }
  const dir = x2 > x1 ? 1 : -1;
  const cls = `arrow ${arrow.kind}${arrow.broken ? ' broken' : ''}`;
  if (arrow.broken) {
    // Drawn in two pieces with a cross where the delivery stopped.
    const mid = (x1 + x2) / 2;
    parts.push(`<line class="${cls}" x1="${x1}" y1="${y}" x2="${mid - dir * 10}" y2="${y}"/>`);
    parts.push(`<line class="${cls}" x1="${mid + dir * 10}" y1="${y}" x2="${x2 - dir * 2}" y2="${y}"/>`);
    parts.push(`<path class="cross" d="M${mid - 5} ${y - 5} l10 10 M${mid + 5} ${y - 5} l-10 10"/>`);
  } else {
    parts.push(`<line class="${cls}" x1="${x1}" y1="${y}" x2="${x2 - dir * 2}" y2="${y}" marker-end="url(#head)"/>`);
  }
  const labelX = Math.min(x1, x2) + 6;
  parts.push(
    text(
      labelX,
      y - 5,
      truncate(arrowLabel(arrow, s), Math.max(12, Math.floor((Math.abs(x2 - x1) - 8) / 6.2))),
      'class="label"',
    ),
  );
  return `<g><title>${escapeXml(arrowLabel(arrow, s))}</title>${parts.join('')}</g>`;
}

/** A standalone SVG document of the ladder (light colours, no scripts, no external references). */
export function ladderToSvg(ladder: Ladder, s: LadderStrings, title: string): string {
  const lines = ladder.lifelines;
  const footers = lines.map((line) =>
    line.kind === 'leg' ? [s.endOfCall, ...endOfCallLines(line.hangup, s).lines] : [],
  );
  const footerRows = Math.max(0, ...footers.map((f) => f.length));
  const bodyBottom = HEADER + ladder.height + 12;
  const width = MARGIN * 2 + COLUMN * lines.length;
  const height = bodyBottom + footerRows * FOOTER_LINE + MARGIN;
  const out: string[] = [];
  out.push(`<?xml version="1.0" encoding="UTF-8"?>`);
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 ` +
      `0 ${width} ${height}" role="img" font-family="system-ui, sans-serif" font-size="12">`,
  );
  out.push(`<title>${escapeXml(title)}</title>`);
  out.push(
    '<style>' +
      'text{fill:#1f2328}.sub,.gap,.foot{fill:#57606a;font-size:11px}.break{fill:#57606a;font-style:italic}' +
      '.life{stroke:#8c959f;stroke-dasharray:4 4}.head{fill:#f6f8fa;stroke:#8c959f}' +
      '.arrow{stroke-width:1.5}.command{stroke:#0969da}.webhook{stroke:#1a7f37;stroke-dasharray:6 3}' +
      '.broken{stroke:#cf222e}.cross{stroke:#cf222e;stroke-width:2}.zigzag{fill:none;stroke:#57606a}.poor{fill:#9a6700;font-weight:bold}' +
      '</style>',
  );
  out.push(
    '<defs><marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" ' +
      'markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" ' +
      'fill="#57606a"/></marker></defs>',
  );
  for (const line of lines) {
    const x = columnX(line.index);
    out.push(
      `<rect class="head" x="${x - COLUMN / 2 + 6}" y="${MARGIN - 8}" width="${COLUMN - 12}" height="${HEADER - MARGIN - 4}" rx="4"/>`,
    );
    out.push(text(x, MARGIN + 10, lifelineTitle(line, s), 'text-anchor="middle" font-weight="bold"'));
    const sub = lifelineSubtitle(line, s);
    if (sub) out.push(text(x, MARGIN + 26, truncate(sub, 34), 'class="sub" text-anchor="middle"'));
    if (line.shortLegId) out.push(text(x, MARGIN + 42, line.shortLegId, 'class="sub" text-anchor="middle"'));
    out.push(`<line class="life" x1="${x}" y1="${HEADER - 4}" x2="${x}" y2="${bodyBottom}"/>`);
  }
  for (const arrow of ladder.arrows) out.push(arrowSvg(ladder, arrow, s));
  lines.forEach((line, index) => {
    const poor = line.kind === 'leg' && endOfCallLines(line.hangup, s).poor;
    footers[index].forEach((value, row) => {
      const isWarning = poor && row === footers[index].length - 1;
      out.push(
        text(
          columnX(line.index) - COLUMN / 2 + 8,
          bodyBottom + 14 + row * FOOTER_LINE,
          truncate(value, 36),
          `class="${isWarning ? 'poor' : 'foot'}"`,
        ),
      );
    });
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
