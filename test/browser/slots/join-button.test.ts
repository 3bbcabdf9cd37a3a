/**
 * `<matrix-join-button>`'s default slot: the page's own call to action in place of "Join <room>", the avatar and
 * member count kept; "Joining" / "Joined" stay the element's own; the accessible name follows what is shown
 * (Chromium's accessibility tree); page styles reach the slotted content; axe finds nothing.
 */
import { expect } from '@open-wc/testing';
import '../../../src/all.ts';
import { JoinButtonHarness } from '../../harnesses/join-button-harness.ts';
import { waitUntil } from '../../harnesses/room-harness.ts';
import { fault, publicRoom, server, signInAsNewUser } from '../join-button/helpers.ts';
import { expectNoAxeViolations } from '../a11y/axe.ts';
import { axNode, children, inside, pageStyle, shown, slotSuiteHooks } from './helpers.ts';

const main = server('main');
let n = 0;

/** A join button with `markup` as its children from the start (as a page's HTML has them), wrapped. */
function create(room: string, markup = '', attrs: Record<string, string> = {}): JoinButtonHarness & { selector: string } {
  const el = document.createElement('matrix-join-button');
  el.id = `jb-slot-${n++}`;
  for (const [k, v] of Object.entries({ room, homeserver: main.url, ...attrs })) el.setAttribute(k, v);
  children(el, markup);
  document.body.append(el);
  return Object.assign(new JoinButtonHarness(el), { selector: `#${el.id} >>> button[part="button"]` });
}

/**
 * The button's accessible name. Chromium reads the count "1 member" (Lit's text parts "1", " ", "member") as
 * "1member"; that is the count's own markup, not the slot's, so it is put back together here.
 */
async function nameOf(b: { selector: string }): Promise<string> {
  const { role, name } = await axNode(b.selector);
  expect(role).to.equal('button');
  return name.replace(/(\d)(members?)$/, '$1 $2');
}

/** The built-in "Join <room>" text of the label (hidden, visually hidden or shown). */
const builtIn = (b: JoinButtonHarness) => b.root.querySelector<HTMLElement>('[part="label"] > span')!;

describe('<matrix-join-button> default slot (the label)', function () {
  this.timeout(60_000);
  const hooks = slotSuiteHooks();
  let room: { roomId: string; alias: string };

  // A room of its own per test: one of them joins, which changes the count.
  beforeEach(async () => {
    room = await publicRoom(hooks.owner(), 'Garden Club');
  });

  it('without slotted content (none, or only whitespace) shows "Join <room>"; the name is that and the count', async () => {
    const empty = create(room.alias);
    const blank = create(room.alias, '\n    \n  ');
    for (const b of [empty, blank]) {
      await b.waitForState('ready');
      expect(shown(builtIn(b)), 'the built-in label is shown').to.equal(true);
      expect(b.label()).to.equal('Join Garden Club');
      expect(await nameOf(b)).to.equal('Join Garden Club 1 member');
    }
  });

  it('slotted text replaces the label inside the button, styled by the page; it names the button; the join still works', async () => {
    pageStyle('.my-cta { color: rgb(255, 255, 0); text-transform: uppercase; }');
    const b = create(room.alias, '<span class="my-cta">Chat with us</span>');
    await b.waitForState('ready');
    const cta = b.element.querySelector<HTMLElement>('.my-cta')!;
    expect(shown(cta), 'the slotted label is shown').to.equal(true);
    expect(inside(cta, b.button()!), 'inside the button').to.equal(true);
    expect(shown(builtIn(b)), 'the built-in label is gone').to.equal(false);
    expect(getComputedStyle(cta).color, 'the page styles it').to.equal('rgb(255, 255, 0)');
    expect(b.count(), 'the member count stays').to.equal('1 member');
    expect(shown(b.avatar()), 'the avatar stays').to.equal(true);
    // One line, as the built-in label: the button keeps its height.
    const plain = create(room.alias);
    await plain.waitForState('ready');
    expect(b.button()!.getBoundingClientRect().height).to.be.closeTo(plain.button()!.getBoundingClientRect().height, 1);
    expect(await nameOf(b)).to.equal('CHAT WITH US 1 member');

    // "Joining" and "Joined" are the element's own: the visitor sees what happens.
    await signInAsNewUser(main.url);
    await b.waitForState('ready');
    await fault('delay', { ms: 800, paths: '/join/', count: 1 });
    await b.click();
    await b.waitForState('joining');
    expect(shown(cta), 'no page label while joining').to.equal(false);
    expect(b.label()).to.equal('Joining Garden Club');
    expect(shown(builtIn(b))).to.equal(true);
    await b.waitForState('joined', 20_000);
    expect(shown(cta), 'no page label once joined').to.equal(false);
    expect(b.label()).to.equal('Joined Garden Club');
    expect(await nameOf(b)).to.match(/^Joined Garden Club \d members?$/);
  });

  it('an icon alone (no text of its own) keeps "Join <room>" as the accessible name, hidden from sight', async () => {
    const b = create(room.alias, '<svg class="icon" aria-hidden="true" width="16" height="16" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="currentColor"/></svg>');
    const img = create(room.alias, '<img alt="" width="16" height="16" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">');
    for (const x of [b, img]) {
      await x.waitForState('ready');
      expect(shown(x.element.firstElementChild), 'the icon is shown').to.equal(true);
      expect(shown(builtIn(x)), 'the built-in label is not on screen').to.equal(false);
      expect(await nameOf(x)).to.equal('Join Garden Club 1 member');
    }
    // An image with alt text names the button itself.
    const named = create(room.alias, '<img alt="Talk to the gardeners" width="16" height="16" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">');
    await named.waitForState('ready');
    expect(await nameOf(named)).to.equal('Talk to the gardeners 1 member');
  });

  it('follows content the page adds or removes later', async () => {
    const b = create(room.alias);
    await b.waitForState('ready');
    children(b.element, '<b>Say hello</b>');
    let name = '';
    await waitUntil(async () => (name = await nameOf(b)) === 'Say hello 1 member', () => `the new label names the button (now "${name}")`);
    expect(shown(builtIn(b))).to.equal(false);
    b.element.replaceChildren();
    await waitUntil(() => shown(builtIn(b)), 'the built-in label is back');
    expect(await nameOf(b)).to.equal('Join Garden Club 1 member');
  });

  it('with nothing to join (error) shows the room name and the reason, not the page label', async () => {
    const b = create(`#nosuchroom${Date.now()}:${main.serverName}`, '<span class="my-cta">Chat with us</span>');
    await b.waitForState('error', 20_000);
    expect(shown(b.element.querySelector('.my-cta'))).to.equal(false);
    expect(b.button() === null, 'no button').to.equal(true);
    expect(b.message()).to.not.equal('');
  });

  it('axe: slotted text, a slotted icon, every size and variant', async () => {
    pageStyle('.my-cta { font-style: italic; }');
    const variants: Array<Record<string, string>> = [{}, { size: 'small' }, { size: 'large' }, { variant: 'outline' }, { 'without-avatar': '', 'without-count': '' }];
    const buttons = variants.map((attrs) => create(room.alias, '<span class="my-cta">Chat with us</span>', attrs));
    buttons.push(create(room.alias, '<svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="currentColor"/></svg>'));
    for (const b of buttons) await b.waitForState('ready');
    await expectNoAxeViolations('join buttons with slotted labels');
  });
});
