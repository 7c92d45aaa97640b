// One lane per leg on a shared time axis, drawn in SVG built with createElementNS. A click picks
// the nearest event of that lane; the selected event is drawn as a cursor across every lane.
import { axisTickLabel, columnOf, laneMarks, nearestInLane, type LaneMark } from '../timeline/axis';
import type { Timeline, TimelineEntry } from '../timeline/model';
import { pluralFor } from '../timeline/plural';
import type { WebviewStrings } from '../callDetails/protocol';
import { format, h, svg } from './dom';
import { shortId } from './format';

const LANE_HEIGHT = 20;
const AXIS_HEIGHT = 18;
const LABEL_WIDTH = 96;
const MAX_LANES = 12;

export class LanesView {
  readonly element = h('div', { className: 'lanes' });
  private timeline: Timeline | undefined;
  private entries: readonly TimelineEntry[] = [];
  private selectedKey: string | undefined;
  private width = 0;
  private readonly resizeObserver: ResizeObserver;

  constructor(
    private readonly strings: WebviewStrings,
    private readonly onPick: (entry: TimelineEntry) => void,
  ) {
    this.element.setAttribute('role', 'group');
    this.element.setAttribute('aria-label', strings.lanesLabel);
    this.resizeObserver = new ResizeObserver(() => {
      const width = Math.floor(this.element.clientWidth);
      if (width !== this.width) {
        this.width = width;
        this.render();
      }
    });
    this.resizeObserver.observe(this.element);
    this.element.addEventListener('click', (event) => this.handleClick(event));
  }

  update(timeline: Timeline, entries: readonly TimelineEntry[], selectedKey: string | undefined): void {
    this.timeline = timeline;
    this.entries = entries;
    this.selectedKey = selectedKey;
    // The observer keeps the width current; reading it here would force a layout of the whole page
    // (the list or ladder just changed). Read only before the first observation.
    if (this.width <= 0) this.width = Math.floor(this.element.clientWidth);
    this.render();
  }

  select(selectedKey: string | undefined): void {
    if (selectedKey === this.selectedKey) return;
    this.selectedKey = selectedKey;
    this.render();
  }

  get laneCount(): number {
    return this.timeline?.lanes.length ?? 0;
  }

  private plotWidth(): number {
    return Math.max(40, this.width - LABEL_WIDTH - 8);
  }

  private render(): void {
    const timeline = this.timeline;
    if (!timeline || timeline.lanes.length === 0 || this.width <= 0) {
      this.element.replaceChildren();
      this.element.hidden = !timeline || timeline.lanes.length === 0;
      return;
    }
    this.element.hidden = false;
    const shownLanes = timeline.lanes.slice(0, MAX_LANES);
    const plotWidth = this.plotWidth();
    const height = AXIS_HEIGHT + shownLanes.length * LANE_HEIGHT;
    const root = svg('svg', { width: this.width, height, class: 'lanes-svg', role: 'presentation' });

    for (const lane of shownLanes) {
      const y = AXIS_HEIGHT + lane.index * LANE_HEIGHT;
      const group = svg('g', { class: 'lane', 'data-lane': lane.index, role: 'img' });
      group.setAttribute(
        'aria-label',
        format(pluralFor(this.strings.laneLabel, lane.eventCount), lane.legId, lane.eventCount),
      );
      const title = svg('title');
      title.textContent = format(pluralFor(this.strings.laneLabel, lane.eventCount), lane.legId, lane.eventCount);
      group.append(title);
      group.append(
        svg('rect', {
          x: 0,
          y,
          width: this.width,
          height: LANE_HEIGHT,
          class: lane.index % 2 ? 'lane-bg odd' : 'lane-bg',
        }),
      );
      const label = svg('text', { x: 4, y: y + LANE_HEIGHT / 2 + 4, class: 'lane-label' });
      label.textContent = shortId(lane.legId);
      group.append(label);
      group.append(
        svg('line', {
          x1: LABEL_WIDTH,
          x2: LABEL_WIDTH + plotWidth,
          y1: y + LANE_HEIGHT / 2,
          y2: y + LANE_HEIGHT / 2,
          class: 'lane-line',
        }),
      );
      root.append(group);
    }

    // One path per kind for all lanes, not one element per mark: thousands of rects cost more in
    // style, layout and paint than the rest of the page. Stronger kinds are drawn last, on top.
    const paths: Record<LaneMark['kind'], string[]> = { command: [], webhook: [], failed: [] };
    for (const mark of laneMarks(timeline, this.entries, plotWidth)) {
      if (mark.lane >= MAX_LANES) continue;
      const y = AXIS_HEIGHT + mark.lane * LANE_HEIGHT + 4;
      paths[mark.kind].push(`M${LABEL_WIDTH + mark.x - 1} ${y}h3v${LANE_HEIGHT - 8}h-3z`);
    }
    for (const kind of ['command', 'webhook', 'failed'] as const) {
      if (paths[kind].length) root.append(svg('path', { d: paths[kind].join(''), class: `mark mark-${kind}` }));
    }

    this.drawAxis(root, timeline, plotWidth);
    const selected = this.selectedKey ? this.entries.find((e) => e.key === this.selectedKey) : undefined;
    if (selected && selected.lane < MAX_LANES) {
      const x = LABEL_WIDTH + columnOf(timeline, selected.atMicros, plotWidth);
      root.append(svg('line', { x1: x, x2: x, y1: AXIS_HEIGHT - 4, y2: height, class: 'cursor' }));
      root.append(
        svg('circle', {
          cx: x,
          cy: AXIS_HEIGHT + selected.lane * LANE_HEIGHT + LANE_HEIGHT / 2,
          r: 5,
          class: 'cursor-dot',
        }),
      );
    }

    const children: Element[] = [root];
    if (timeline.lanes.length > MAX_LANES) {
      children.push(
        h('div', {
          className: 'muted more-legs',
          text: format(
            pluralFor(this.strings.moreLegs, timeline.lanes.length - MAX_LANES),
            timeline.lanes.length - MAX_LANES,
          ),
        }),
      );
    }
    this.element.replaceChildren(...children);
  }

  private drawAxis(root: SVGSVGElement, timeline: Timeline, plotWidth: number): void {
    const span = timeline.endMicros - timeline.startMicros;
    const ticks = plotWidth > 320 ? [0, 0.25, 0.5, 0.75, 1] : [0, 1];
    for (const ratio of ticks) {
      const x = LABEL_WIDTH + ratio * plotWidth;
      const label = svg('text', {
        x,
        y: 12,
        class: 'axis-label',
        'text-anchor': ratio === 0 ? 'start' : ratio === 1 ? 'end' : 'middle',
      });
      label.textContent = axisTickLabel(span * ratio);
      root.append(label);
      root.append(svg('line', { x1: x, x2: x, y1: AXIS_HEIGHT - 3, y2: AXIS_HEIGHT, class: 'axis-tick' }));
    }
  }

  private handleClick(event: MouseEvent): void {
    const timeline = this.timeline;
    if (!timeline) return;
    const bounds = this.element.getBoundingClientRect();
    const x = event.clientX - bounds.left - LABEL_WIDTH;
    const lane = Math.floor((event.clientY - bounds.top - AXIS_HEIGHT) / LANE_HEIGHT);
    if (lane < 0 || lane >= Math.min(MAX_LANES, timeline.lanes.length)) return;
    const plotWidth = this.plotWidth();
    const entry = nearestInLane(timeline, this.entries, lane, Math.max(0, Math.min(plotWidth - 1, x)), plotWidth);
    if (entry) this.onPick(entry);
  }

  dispose(): void {
    this.resizeObserver.disconnect();
  }
}
