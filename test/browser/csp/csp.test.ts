import { expect, waitUntil } from '@open-wc/testing';

const { main } = (globalThis as unknown as { MATRIX_TEST: { homeservers: Record<string, { url: string; serverName: string }> } })
  .MATRIX_TEST.homeservers;

interface TrustedTypePolicyFactory {
  createPolicy(name: string, rules: { createScript: (s: string) => string }): { createScript(s: string): unknown };
}

interface CspWindow extends Window {
  cspViolations?: string[];
}

/** Text of an element's shadow root, or '' while it has not rendered. */
function shadowText(doc: Document, selector: string): string {
  return doc.querySelector(selector)?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '';
}

describe('under the strict CSP of SECURITY.md', () => {
  it('renders the sign-in form, a join button and a live room preview with no violation', async function () {
    this.timeout(60000);
    const frame = document.createElement('iframe');
    frame.style.width = '900px';
    frame.style.height = '700px';
    const query = new URLSearchParams({ homeserver: main.url, room: `#lobby:${main.serverName}` });
    frame.src = `/test/browser/csp/page.html?${query}`;
    document.body.append(frame);
    try {
      await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
      const win = frame.contentWindow as CspWindow;
      const doc = frame.contentDocument!;
      // The page really is under the policy: Trusted Types refuse a script string, and CSP refuses an inline handler.
      const probe = doc.createElement('script');
      expect(() => (probe.textContent = 'window.inlineRan = true')).to.throw(/TrustedScript/); // (a TypeError of the frame's realm)
      // With a Trusted Types policy the string passes that gate, and then script-src 'self' refuses the inline script.
      const policy = (win as unknown as { trustedTypes: TrustedTypePolicyFactory }).trustedTypes.createPolicy('csp-probe', {
        createScript: (s: string) => s,
      });
      const inline = doc.createElement('script');
      inline.textContent = policy.createScript('window.inlineRan = true') as unknown as string;
      doc.body.append(inline);
      await waitUntil(() => (win.cspViolations ?? []).some((v) => v.startsWith('script-src')), 'inline script was not blocked', { timeout: 5000 });
      expect((win as unknown as { inlineRan?: boolean }).inlineRan).to.equal(undefined);
      inline.remove();
      win.cspViolations!.length = 0;

      await waitUntil(() => shadowText(doc, 'matrix-login').includes('Sign in'), 'sign-in form did not render', { timeout: 20000 });
      await waitUntil(() => /\d+ members?/.test(shadowText(doc, 'matrix-join-button')), 'join button did not paint', { timeout: 20000 });
      await waitUntil(
        () => (doc.querySelector('matrix-room')?.shadowRoot?.querySelectorAll('[part~="event"]').length ?? 0) > 0,
        'room preview did not show events',
        { timeout: 40000 },
      );
      // Lit's styles go through adoptedStyleSheets; nothing may have needed an inline style or an eval.
      expect(win.cspViolations).to.deep.equal([]);
    } finally {
      frame.remove();
    }
  });
});
