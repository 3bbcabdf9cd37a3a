import { focusIsFree } from '../../internal/focus.ts';
import { ANCHOR_SELECTOR } from './timeline-parts.ts';

/** What inside a message takes focus by Tab: its actions, links, reactions, the reply quote, media controls. */
const INNER_FOCUSABLE = 'a[href], button, input, select, textarea, audio[controls], video[controls], [tabindex]';
/** Marks a control of a message that is not the current one, holding the tabindex it had (or '' for none). */
const OFF = 'data-tab-off';

export interface TimelineKeysOptions {
  timeline: () => HTMLElement | null;
  following: () => boolean;
  loadOlder: () => Promise<boolean>;
  jumpToLatest: () => Promise<void>;
  /** Resolves once the element has rendered what the last change asked for. */
  updated: () => Promise<unknown>;
}

/**
 * Keyboard use of the timeline, after the WAI-ARIA feed pattern with a roving tabindex: the whole timeline is
 * one tab stop, the current message (the newest, until the visitor moves). From it, ↑/↓ go to the previous/next
 * message, PageUp/PageDown a screenful, Home/End the oldest loaded (loading more) / the newest. Tab goes on into
 * the current message's own controls (Reply, React, Edit, Delete, its links and reactions), then out of the
 * timeline; Escape in one of them goes back to the message. Only the current message's controls are tab stops.
 */
export class TimelineKeys {
  /** The current message's row ID; the newest row when unset or no longer shown. */
  private currentId: string | undefined;
  /** The row (or control in it) that last had focus: if a re-render removes it, focus goes to its successor. */
  private focused: HTMLElement | undefined;
  /**
   * What was inserted into the timeline since the last sync (a page of history, a new message, a re-rendered
   * body): only those controls, and the old and new current message's, need their tab stop set. Walking every
   * control of a 100-message window on each page of history cost ~7 ms of the page's task.
   */
  private readonly inserted: Node[] = [];
  private readonly insertions = new MutationObserver((records) => this.collect(records));
  /** The timeline element being watched (the whole of it is synced when it is new) and the last current box. */
  private watched: HTMLElement | undefined;
  private lastBox: HTMLElement | undefined;

  constructor(private readonly opts: TimelineKeysOptions) {
    watchShiftTab();
  }

  /** Rows the visitor can move to, oldest first (rows inside a closed run of joins have no box and are skipped). */
  private rows(): HTMLElement[] {
    const el = this.opts.timeline();
    if (!el) return [];
    return Array.from(el.querySelectorAll<HTMLElement>(ANCHOR_SELECTOR)).filter((row) => !hiddenInRun(row));
  }

  private static idOf(row: HTMLElement): string | undefined {
    return row.dataset.rowId ?? row.dataset.eventId;
  }

  private current(rows: HTMLElement[]): HTMLElement | undefined {
    const found = this.currentId === undefined ? undefined : rows.find((r) => TimelineKeys.idOf(r) === this.currentId);
    return found ?? rows.at(-1);
  }

  /** Puts the one tab stop on the current row and takes every other row's controls out of the tab order. */
  sync(): void {
    const el = this.opts.timeline();
    if (!el) return;
    // Away from the timeline and following the newest messages: Tab comes back to the newest one.
    if (this.opts.following() && !el.contains((el.getRootNode() as Document | ShadowRoot).activeElement)) {
      this.currentId = undefined;
    }
    const rows = this.rows();
    const current = this.current(rows);
    // The focused row was replaced (the room reopened with the signed-in session's timeline, say): focus the
    // same message's new row instead of letting focus fall to the page.
    const lost = this.focused && !this.focused.isConnected;
    for (const row of el.querySelectorAll<HTMLElement>(ANCHOR_SELECTOR)) {
      const tabIndex = row === current ? '0' : '-1';
      if (row.getAttribute('tabindex') !== tabIndex) row.setAttribute('tabindex', tabIndex);
    }
    const currentBox = current ? rowBox(current) : undefined;
    this.collect(this.insertions.takeRecords());
    let scopes: Node[];
    if (this.watched !== el) {
      this.insertions.disconnect();
      this.insertions.observe(el, { childList: true, subtree: true });
      this.watched = el;
      scopes = [el];
    } else {
      scopes = [...this.inserted];
      if (currentBox !== this.lastBox) scopes.push(...[currentBox, this.lastBox].filter((b): b is HTMLElement => !!b));
    }
    this.inserted.length = 0;
    this.lastBox = currentBox;
    for (const scope of scopes) {
      if (!(scope instanceof HTMLElement) || !el.contains(scope)) continue;
      if (scope.matches(INNER_FOCUSABLE)) this.setStop(scope, currentBox);
      for (const control of scope.querySelectorAll<HTMLElement>(INNER_FOCUSABLE)) this.setStop(control, currentBox);
    }
    if (lost) {
      this.focused = undefined;
      if (current && focusIsFree(current)) {
        this.focused = current;
        current.focus({ preventScroll: true });
      }
    }
  }

  private collect(records: MutationRecord[]): void {
    for (const r of records) for (const node of r.addedNodes) if (node.nodeType === Node.ELEMENT_NODE) this.inserted.push(node);
  }

  /** A control of a message is a tab stop only in the current message (its own tabindex kept aside otherwise). */
  private setStop(control: HTMLElement, currentBox: HTMLElement | undefined): void {
    if (control.matches(ANCHOR_SELECTOR)) return;
    const box = control.closest<HTMLElement>('.row, details.membership-run-wrap');
    if (!box) return; // the history edge's button stays a stop of its own
    const inCurrent = box === currentBox || (!!currentBox && currentBox.contains(box));
    if (inCurrent) {
      if (control.hasAttribute(OFF)) {
        const was = control.getAttribute(OFF)!;
        if (was === '') control.removeAttribute('tabindex');
        else control.setAttribute('tabindex', was);
        control.removeAttribute(OFF);
      }
    } else if (!control.hasAttribute(OFF)) {
      control.setAttribute(OFF, control.getAttribute('tabindex') ?? '');
      control.setAttribute('tabindex', '-1');
    }
  }

  /** Makes `row` the current message and focuses it. */
  focusRow(row: HTMLElement, { scroll = true } = {}): void {
    this.currentId = TimelineKeys.idOf(row);
    this.sync();
    row.focus({ preventScroll: true });
    if (scroll) row.scrollIntoView({ block: 'nearest' });
  }

  private async focusById(id: string | undefined, step: number): Promise<void> {
    await this.opts.updated();
    const rows = this.rows();
    const i = rows.findIndex((r) => TimelineKeys.idOf(r) === id);
    const target = rows[i + step] ?? rows[i];
    if (target) this.focusRow(target);
  }

  /** Focus moved into the timeline (a click, Tab, a jump to a replied-to message): that message is current. */
  readonly onFocusIn = (e: FocusEvent): void => {
    const target = e.target as HTMLElement;
    this.focused = target;
    const row = rowOf(target);
    if (!row) return;
    const id = TimelineKeys.idOf(row);
    if (id !== this.currentId) {
      this.currentId = id;
      this.sync();
    }
    // Shift+Tab into the timeline from below lands on the current message's last control: go to the message
    // itself, as Tab from above does (a click or a script focusing a control keeps it there).
    const from = e.relatedTarget as Node | null;
    if (target !== row && !this.opts.timeline()?.contains(from) && performance.now() - shiftTabAt < 200) {
      this.focused = row;
      row.focus({ preventScroll: true });
    }
  };

  /** Focus left for another place on the page: nothing to restore. */
  readonly onFocusOut = (e: FocusEvent): void => {
    if (e.relatedTarget) this.focused = undefined;
  };

  readonly onKeyDown = (e: KeyboardEvent): void => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return;
    const target = e.target as HTMLElement;
    const rows = this.rows();
    const row = rows.find((r) => r === target);
    if (!row) {
      // Inside a message's controls: Escape goes back to the message; other keys are the controls' own.
      const back = rowOf(target);
      if (e.key === 'Escape' && back && !target.closest('.reaction-picker')) {
        e.preventDefault();
        this.focusRow(back);
      }
      return;
    }
    const i = rows.indexOf(row);
    const id = TimelineKeys.idOf(row);
    const page = () => this.opts.timeline()?.clientHeight ?? 0;
    switch (e.key) {
      case 'ArrowUp':
        if (i > 0) this.focusRow(rows[i - 1]);
        else void this.opts.loadOlder().then((more) => (more ? this.focusById(id, -1) : undefined));
        break;
      case 'ArrowDown':
        if (i < rows.length - 1) this.focusRow(rows[i + 1]);
        break;
      case 'PageUp': {
        const top = row.getBoundingClientRect().top - page();
        const target = rows.find((r, j) => j < i && r.getBoundingClientRect().top >= top) ?? rows[Math.max(0, i - 1)];
        if (target !== row) this.focusRow(target);
        else void this.opts.loadOlder().then((more) => (more ? this.focusById(id, -1) : undefined));
        break;
      }
      case 'PageDown': {
        const bottom = row.getBoundingClientRect().top + page();
        const target = rows.findLast((r, j) => j > i && r.getBoundingClientRect().top <= bottom) ?? rows[Math.min(rows.length - 1, i + 1)];
        if (target !== row) this.focusRow(target);
        break;
      }
      case 'Home':
        // The oldest loaded message; being near the top, the scroll loads the page before it.
        this.focusRow(rows[0]);
        break;
      case 'End':
        void this.opts.jumpToLatest().then(() => this.opts.updated()).then(() => {
          const last = this.rows().at(-1);
          if (last) this.focusRow(last);
        });
        break;
      default:
        return;
    }
    e.preventDefault();
  };
}

/** When Shift+Tab was last pressed anywhere on the page (focus arriving from it comes from below). */
let shiftTabAt = -Infinity;
let watching = false;
function watchShiftTab(): void {
  if (watching) return;
  watching = true;
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Tab' && e.shiftKey) shiftTabAt = performance.now();
  }, { capture: true, passive: true });
}

/** A row inside a collapsed run of joins: not shown, so not a place to move to. */
function hiddenInRun(row: HTMLElement): boolean {
  if (row.tagName === 'SUMMARY') return false;
  const run = row.closest('details');
  return !!run && !run.open;
}

/** The row a node belongs to: the row itself, the row around a control, or the summary of a run of joins. */
function rowOf(node: HTMLElement): HTMLElement | null {
  const box = node.closest<HTMLElement>(`${ANCHOR_SELECTOR}, .row, details.membership-run-wrap`);
  return box?.tagName === 'DETAILS' ? box.querySelector<HTMLElement>('summary') : box;
}

/** What holds a row's controls: the row, or for a run's summary the whole run. */
function rowBox(row: HTMLElement): HTMLElement {
  return row.tagName === 'SUMMARY' ? (row.closest<HTMLElement>('details') ?? row) : row;
}
