import { waitUntil } from './room-harness.ts';

/**
 * A page of the site with one element as an HTML author writes it (`test/harnesses/element-page.html`), in a
 * frame, so a test can reload it for real. Storage is shared with the test page (same origin).
 */
export class FramedPage {
  readonly frame = document.createElement('iframe');

  /** `hold`: a regexp of request paths the page holds back, unsent, until {@link release}. */
  constructor(tag: 'matrix-login' | 'matrix-room' | 'matrix-join-button' | 'matrix-chat-launcher', attributes: Record<string, string>, opts: { hold?: string } = {}) {
    this.frame.style.width = '800px';
    this.frame.style.height = '600px';
    this.frame.src = `/test/harnesses/element-page.html?${new URLSearchParams({ tag, ...attributes, ...(opts.hold ? { hold: opts.hold } : {}) })}`;
    document.body.append(this.frame);
  }

  /** The page's element once it is defined and rendered. */
  async element<T extends HTMLElement>(): Promise<T> {
    return waitUntil(() => {
      const el = this.frame.contentDocument?.querySelector<T>('[data-e2e]');
      return el?.shadowRoot ? el : undefined;
    }, 'the framed page\'s element', 20_000);
  }

  /** What the page asked the homeserver so far (`METHOD /path`, never headers or bodies). */
  requests(): string[] {
    return [...((this.frame.contentWindow as unknown as { requests?: string[] })?.requests ?? [])];
  }

  /** Sends the requests the page held back (and those it makes from now on). */
  release(): void {
    (this.frame.contentWindow as unknown as { releaseHeld: () => void }).releaseHeld();
  }

  async reload(): Promise<void> {
    const old = this.frame.contentDocument;
    this.frame.contentWindow!.location.reload();
    await waitUntil(() => this.frame.contentDocument !== old && this.frame.contentDocument?.readyState === 'complete', 'the reload', 20_000);
  }

  remove(): void {
    this.frame.remove();
  }
}
