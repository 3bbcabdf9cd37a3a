/**
 * axe-core (WCAG 2.1 A/AA) over <matrix-join-button> and <matrix-chat-launcher> in each of their states:
 * the join button ready in every size and variant, with its sign-in dialog, joined, and in error; the launcher
 * closed (with and without an unread badge), open on a preview, and open on a joined room.
 */
import '../../../src/all.ts';
import { getSession } from '../../../src/session/get-session.ts';
import { JoinButtonHarness } from '../../harnesses/join-button-harness.ts';
import { LauncherHarness } from '../../harnesses/launcher-harness.ts';
import { waitUntil } from '../../harnesses/room-harness.ts';
import { cleanPage, join, publicRoom, registerUser, sendText, server, type TestUser } from '../join-button/helpers.ts';
import { expectNoAxeViolations } from './axe.ts';

const main = server('main');

describe('axe: the join button and the launcher', function () {
  this.timeout(90_000);
  let owner: TestUser;
  before(async () => {
    await cleanPage();
    owner = await registerUser(main.url, 'Alice');
  });
  afterEach(cleanPage);

  describe('<matrix-join-button>', () => {
    it('ready, signed out: every size and variant, with and without count and avatar', async () => {
      const { alias } = await publicRoom(owner, 'Community');
      const variants: Array<Record<string, string>> = [
        {}, { size: 'small' }, { size: 'large' }, { variant: 'outline' }, { variant: 'outline', 'without-count': '' },
        { 'without-avatar': '', 'without-count': '', size: 'small' },
      ];
      const buttons = variants.map((attrs) => JoinButtonHarness.create({ room: alias, homeserver: main.url, ...attrs }));
      for (const b of buttons) await b.waitForState('ready', 20_000);
      await expectNoAxeViolations('join buttons, signed out');
    });

    it('its sign-in dialog', async () => {
      const { alias } = await publicRoom(owner, 'Dialog Room');
      const b = JoinButtonHarness.create({ room: alias, homeserver: main.url });
      await b.waitForState('ready', 20_000);
      await b.click();
      await waitUntil(() => b.dialog()?.open, 'the sign-in dialog');
      await b.login().waitFor(() => !!b.login().field('Username'), 'the sign-in form', 15_000);
      await expectNoAxeViolations('the join button\'s sign-in dialog');
    });

    it('joined (with "Open") and signed in but not joined, side by side', async () => {
      const joined = await publicRoom(owner, 'Joined Room');
      const other = await publicRoom(owner, 'Other Room');
      const me = await registerUser(main.url);
      await join(me, joined.alias);
      await getSession().signIn({ username: me.username, password: me.password, homeserver: main.url });
      const a = JoinButtonHarness.create({ room: joined.alias, homeserver: main.url });
      const b = JoinButtonHarness.create({ room: other.alias, homeserver: main.url, variant: 'outline' });
      await a.waitForState('joined', 20_000);
      await b.waitForState('ready', 20_000);
      await expectNoAxeViolations('a joined and a not-joined join button');
    });

    it('errors: an unreachable server, a room that does not exist, a wrong attribute', async () => {
      const down = JoinButtonHarness.create({ room: '#lobby:example.org', homeserver: 'http://127.0.0.1:9' });
      const missing = JoinButtonHarness.create({ room: `#nosuchroom${Date.now()}:${main.serverName}`, homeserver: main.url });
      const wrong = JoinButtonHarness.create({ room: 'not a room address', homeserver: main.url });
      for (const b of [down, missing, wrong]) await b.waitForState('error', 30_000);
      await expectNoAxeViolations('join buttons in error');
    });
  });

  describe('<matrix-chat-launcher>', () => {
    it('closed, then open on a preview (signed out)', async () => {
      const { roomId, alias } = await publicRoom(owner, 'Help');
      await sendText(owner, roomId, 'Ask your questions here');
      const l = LauncherHarness.create({ room: alias, homeserver: main.url });
      await waitUntil(() => l.buttonName() === 'Chat: Help', 'the launcher knows the room');
      await expectNoAxeViolations('a closed launcher');
      l.button().click();
      await l.settle();
      await l.room().waitForState('preview', 20_000);
      await l.room().waitForMessage('Ask your questions here', 15_000);
      await expectNoAxeViolations('a launcher open on a preview');
    });

    it('closed with an unread badge, then open on the joined room', async () => {
      const { roomId, alias } = await publicRoom(owner, 'Support');
      const me = await registerUser(main.url);
      await join(me, alias);
      await getSession().signIn({ username: me.username, password: me.password, homeserver: main.url });
      const l = LauncherHarness.create({ room: alias, homeserver: main.url });
      await waitUntil(() => l.buttonName() === 'Chat: Support', 'the launcher knows the room');
      await getSession().client();
      await new Promise((r) => setTimeout(r, 300));
      await sendText(owner, roomId, 'Anyone there?');
      await l.waitForBadge('1');
      await expectNoAxeViolations('a closed launcher with an unread badge');
      l.button().click();
      await l.settle();
      await l.room().waitForState('joined', 20_000);
      await l.room().waitForMessage('Anyone there?', 15_000);
      await expectNoAxeViolations('a launcher open on a joined room');
    });
  });
});
