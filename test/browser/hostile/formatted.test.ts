import { expect } from '@open-wc/testing';
import type { TimelineItem } from '../../../src/session/types.ts';
import { FORMATTED_CASES } from './formatted-cases.ts';
import { assertSafeDom, foreignRequests, makeHost, resolvedMedia, settle, type HostileTestHost } from './fixture.ts';

function message(eventId: string, body: string, formattedBody?: string): TimelineItem {
  return {
    eventId, type: 'm.room.message', kind: 'message', msgtype: 'm.text',
    sender: { userId: '@mallory:evil.example', displayName: 'Mallory' },
    ts: 1_700_000_000_000, body, formattedBody, redacted: false, edited: false, reactions: [], status: 'sent', mine: false,
  };
}

describe('hostile formatted_body corpus', () => {
  let host: HostileTestHost;
  before(async () => {
    host = await makeHost();
  });
  after(() => host.remove());

  it('has at least 60 cases', () => {
    expect(FORMATTED_CASES.length).to.be.at.least(60);
  });

  for (const testCase of FORMATTED_CASES) {
    it(testCase.name, async () => {
      window.__pwned = undefined;
      resolvedMedia.length = 0;
      await host.show([
        message('$hostile', 'fallback body', testCase.html),
        message('$normal', 'normal message after'),
      ]);
      await settle();
      await host.updateComplete;
      const root = host.shadowRoot!;
      const tile = root.querySelector('[data-event-id="$hostile"]');
      expect(tile, 'hostile tile').to.exist;
      assertSafeDom(root);
      expect(window.__pwned, 'script ran').to.equal(undefined);
      expect(foreignRequests(), 'requests to foreign hosts').to.deep.equal([]);
      const normal = root.querySelector('[data-event-id="$normal"]');
      expect(normal?.textContent, 'the next message still renders').to.contain('normal message after');

      const body = tile!.querySelector('.body')!;
      const text = body.textContent ?? '';
      const want = testCase.expect ?? {};
      if (want.links !== undefined) expect(body.querySelectorAll('a').length, 'links').to.equal(want.links);
      if (want.images !== undefined) expect(body.querySelectorAll('img').length, 'images').to.equal(want.images);
      for (const t of want.text ?? []) expect(text, 'rendered text').to.contain(t);
      for (const t of want.absent ?? []) expect(text, 'rendered text').not.to.contain(t);
      if (want.realHost) {
        expect(body.querySelector('.link-target')?.getAttribute('data-real-host')).to.equal(want.realHost);
      }
      if (want.note) expect(body.querySelector(`[data-note="${want.note}"]`), `note ${want.note}`).to.exist;
      if (want.noMedia) expect(resolvedMedia, 'media requested').to.deep.equal([]);
    });
  }
});
