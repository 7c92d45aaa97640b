// What the call details page shows, read from its elements as a person (or a screen reader) finds
// them: the filter bar's counts, the rows in the list, the lanes, the banner, the ladder's summary and
// its selected arrow. The page posts nothing for tests: the UI tests look at the page itself.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

export interface PageShown {
  /** "Showing {shown} of {total} events" in the filter bar (undefined before the first events). */
  total: number | undefined;
  shown: number | undefined;
  /** The type filter's options as shown ("All types (7)", "Commands (2)", "Webhooks (5)"). */
  typeOptions: string[];
  /** The failed-only checkbox's label ("Failed deliveries only (1)"). */
  failedLabel: string;
  /** Lanes drawn (one per leg). */
  laneCount: number;
  /** The rows of the list in the DOM (the virtualised window), top to bottom. */
  rows: Array<{
    key: string;
    name: string;
    marks: string[];
    time: string;
    leg: string;
    selected: boolean;
    expanded: boolean;
    metadataShown: boolean;
  }>;
  /** The timeline's error banner, when shown. */
  timelineError: string | undefined;
  /** The list or the ladder, whichever is on screen. */
  view: 'list' | 'ladder' | undefined;
  /** The ladder's accessible summary ("Call ladder: 4 arrows between your application and 2 legs"). */
  ladderSummary: string;
  /** Arrows in the DOM (the virtualised window), top to bottom. */
  arrows: Array<{ position: number; label: string; selected: boolean }>;
}

export function readPage(page: Page): Promise<PageShown> {
  return page.evaluate(() => {
    const text = (element: Element | null | undefined): string => element?.textContent ?? '';
    const visible = (element: Element | null): element is HTMLElement =>
      !!element && !(element as HTMLElement).hidden && (element as HTMLElement).offsetParent !== null;
    const count = /([\d,]+)\D+([\d,]+)/.exec(text(document.querySelector('#filter-count')));
    const number = (value: string | undefined): number | undefined =>
      value === undefined ? undefined : Number(value.replace(/,/g, ''));
    const byIndex = (a: Element, b: Element): number =>
      Number((a as HTMLElement).dataset.index) - Number((b as HTMLElement).dataset.index);
    const banner = document.querySelector('.banner-error');
    return {
      total: number(count?.[2]),
      shown: number(count?.[1]),
      typeOptions: [...document.querySelectorAll('#filter-type option')].map(text),
      failedLabel: text(document.querySelector('label[for="filter-failed"]')),
      laneCount: document.querySelectorAll('.lanes .lane').length,
      rows: [...document.querySelectorAll('#event-list .row')].sort(byIndex).map((row) => ({
        key: (row as HTMLElement).dataset.key ?? '',
        name: text(row.querySelector('.col-name > span')),
        marks: [...row.querySelectorAll('.col-name .mark')].map(text),
        time: text(row.querySelector('.row-line .col-time')),
        leg: row.querySelector('.col-leg')?.getAttribute('title') ?? '',
        selected: row.getAttribute('aria-selected') === 'true',
        expanded: row.getAttribute('aria-expanded') === 'true',
        // The JSON itself, not "Loading metadata…" nor "not found" (those are muted).
        metadataShown: !!row.querySelector('pre.json:not(.muted)'),
      })),
      timelineError: visible(banner) ? text(banner) : undefined,
      view: visible(document.querySelector('#event-list'))
        ? 'list'
        : visible(document.querySelector('#ladder'))
          ? 'ladder'
          : undefined,
      ladderSummary: document.querySelector('#ladder')?.getAttribute('aria-label') ?? '',
      arrows: [...document.querySelectorAll('#ladder .ladder-arrow')].sort(byIndex).map((arrow) => ({
        position: Number(arrow.getAttribute('aria-posinset')),
        label: text(arrow.querySelector('.ladder-label-text')),
        selected: arrow.getAttribute('aria-selected') === 'true',
      })),
    } satisfies PageShown;
  });
}

/** The number of arrows the ladder's summary announces. */
export function arrowCountOf(shown: PageShown): number | undefined {
  const match = /([\d,]+) arrows/.exec(shown.ladderSummary);
  return match ? Number(match[1].replace(/,/g, '')) : undefined;
}

/** Waits until what the page shows satisfies `accept` (checked here, not in the page). */
export async function waitForPage(
  page: Page,
  accept: (shown: PageShown) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<PageShown> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const shown = await readPage(page);
    if (accept(shown)) return shown;
    if (Date.now() > deadline) {
      const { rows, arrows, ...rest } = shown;
      assert.fail(
        `the page never showed ${what}; it ` +
          `shows ${JSON.stringify({ ...rest, rows: rows.slice(0, 12).map((r) => r.name), arrows: arrows.length })}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
