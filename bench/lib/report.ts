/** Writes bench/results.json and BENCHMARKS.md; returns the summary table printed at the end of the run. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Results } from '../run.ts';
import { ROOT } from './build.ts';
import { kB, type Bytes } from './bytes.ts';
import type { LoadedBytes, RequestSummary } from './scenarios.ts';
import type { Stat } from './stats.ts';
import { conditionLabel } from './conditions.ts';

const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
const b3 = (b: Bytes | undefined) => (b ? [kB(b.min), kB(b.gzip), kB(b.brotli)] : ['—', '—', '—']);
const ms = (s: Stat | null | undefined) => (s ? `${Math.round(s.median)} ms <sub>(${Math.round(s.min)}–${Math.round(s.max)})</sub>` : '—');

export function writeReport(r: Results): string {
  writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(r, null, 2)}\n`);

  const budgets = [
    row(['Budget', 'Limit', 'Measured', 'Over (+) / under (−)', '']),
    row(['---', '--:', '--:', '--:', '---']),
    ...r.budgets.map((b) => row([b.name, b.limit, b.actual, b.over ?? '', b.pass ? '✅ pass' : `❌ FAIL${b.note ? ` — ${b.note}` : ''}`])),
  ].join('\n');

  const bytesRow = (what: string, l: LoadedBytes | null, note = '') =>
    row([what, l ? l.files.length : '—', ...b3(l?.total), note]);
  const liveGzip = r.bytes.liveRoom?.total.gzip;
  const vs = (l: LoadedBytes | null) => (l && liveGzip ? `ours live room = ${(liveGzip / l.total.gzip).toFixed(2)}× this` : '');
  const bytes = [
    row(['What the page loaded (measured on the network)', 'files', 'min kB', 'gzip -9 kB', 'brotli kB', '']),
    row(['---', '--:', '--:', '--:', '--:', '---']),
    bytesRow('(a) Entry: page with only the script tag', r.bytes.entry, r.definedTags.length ? `defines ${r.definedTags.join(', ')}` : 'the loader: defines nothing until a tag appears'),
    bytesRow('(c) Sign-in form `<matrix-login>`', r.bytes.signInForm, `requested before the form was shown; ${r.bytes.sdkOnSignInForm ? '⚠ loaded matrix-js-sdk' : 'no matrix-js-sdk'}`),
    bytesRow('Join button `<matrix-join-button>`', r.bytes.joinButton, r.bytes.joinButton ? `requested before name + member count were shown; ${r.bytes.sdkOnJoinButton ? '⚠ loaded matrix-js-sdk' : 'no matrix-js-sdk'}` : 'element not built yet'),
    bytesRow('(b) Live room with composer `<matrix-room>`', r.bytes.liveRoom, r.bytes.liveRoomBeforePaint
      ? 'requested until the room was live (its client\'s first sync)'
      : 'requested before the 20 messages + composer were shown'),
    ...(r.bytes.liveRoomBeforePaint
      ? [bytesRow('Same, before its first 20 messages were painted', r.bytes.liveRoomBeforePaint, 'no matrix-js-sdk: the first page comes from /messages')]
      : []),
    bytesRow('Same, after the visitor sent a first message', r.bytes.liveRoomAfterSend ?? null, 'adds the Markdown parser'),
    bytesRow('Baseline: plain matrix-js-sdk page', r.bytes.plainSdk, vs(r.bytes.plainSdk)),
    bytesRow('Baseline: hydrogen-view-sdk minimal embed (JS + olm + CSS)', r.bytes.hydrogen, vs(r.bytes.hydrogen)),
  ].join('\n');

  const files = (l: LoadedBytes | null) =>
    l ? l.files.map((f) => `\`${f.file}\` ${kB(f.min)} / ${kB(f.gzip)} / ${kB(f.brotli)}`).join('<br>') : '—';

  const throttles = Object.keys(r.time);
  const t = (f: (x: Results['time'][string]) => string) => throttles.map((k) => f(r.time[k]));
  const times = [
    row(['Navigation start → …', ...throttles.map(conditionLabel)]),
    row(['---', ...throttles.map(() => '--:')]),
    row(['Join button painted with name + member count', ...t((x) => ms(x.joinButton))]),
    row(['Sign-in form painted', ...t((x) => ms(x.signInForm))]),
    row(['Signed in: last 20 messages of #lobby visible in `<matrix-room>`', ...t((x) => ms(x.room))]),
    row(['Same, plain matrix-js-sdk page', ...t((x) => ms(x.plainSdk))]),
    row(['**Ratio ours / plain SDK** (budget ≤ 0.6)', ...t((x) => (x.roomRatio === null ? '—' : `**${x.roomRatio.toFixed(2)}×**`))]),
    row(['Repeat visit (the page opened again in the same profile, HTTP cache on): last 20 messages visible in `<matrix-room>`, the last screen the loader paints', ...t((x) => ms(x.roomRepeat ?? null))]),
    row(['Same, the element\'s own rows in place of that screen (painted from its IndexedDB cache; the composer usable)', ...t((x) => ms(x.roomRepeatOwn ?? null))]),
    row(['Same, plain matrix-js-sdk page (its JS from the HTTP cache; it keeps no room between visits: a full first sync)', ...t((x) => ms(x.plainSdkRepeat ?? null))]),
    row(['**Ratio repeat visit ours / plain SDK** (budget ≤ 0.4)', ...t((x) => (x.roomRepeatRatio == null ? '—' : `**${x.roomRepeatRatio.toFixed(2)}×**`))]),
    row(['Send → own message shown (local echo)', ...t((x) => ms(x.sendShownMs))]),
    row(['Send → own message shown as sent (remote echo)', ...t((x) => ms(x.sendSentMs))]),
    row([`hydrogen-view-sdk: its first screen of messages visible (${r.hydrogenShown ?? '?'} messages, what its first sync brings: it loads older ones only as the reader scrolls; 1 run, includes its password login)`, ...t((x) => (x.hydrogen === null ? '—' : `${Math.round(x.hydrogen)} ms`))]),
  ].join('\n');

  const accounts = r.accounts?.length
    ? [
        row(['Rooms in alice\'s account (1× CPU, 3 runs each)', 'first visit: ours', 'plain SDK', 'ratio', 'repeat visit: ours', 'plain SDK', 'ratio']),
        row(['---', '--:', '--:', '--:', '--:', '--:', '--:']),
        ...[...(r.time['1x'] && r.accountRooms ? [{ ...r.time['1x'], rooms: `${r.accountRooms} (the rows above)` }] : []), ...r.accounts]
          .map((a) => row([a.rooms, ms(a.room), ms(a.plainSdk), a.roomRatio?.toFixed(2) ?? '—', ms(a.roomRepeat), ms(a.plainSdkRepeat), a.roomRepeatRatio?.toFixed(2) ?? '—'])),
      ].join('\n')
    : '';

  const reqs = (q: RequestSummary | null) =>
    q ? `${q.count} (+${q.preflights} CORS preflights)<br>${q.list.map((l) => `\`${l}\``).join('<br>')}` : '—';
  const requests = [
    row(['Requests to the homeserver before the first message is visible', 'count and list (median run, 1× CPU)']),
    row(['---', '---']),
    row(['`<matrix-room>`', reqs(r.requests.room)]),
    row(['`<matrix-room>`, repeat visit', reqs(r.requests.roomRepeat ?? null)]),
    row(['plain matrix-js-sdk page', reqs(r.requests.plainSdk)]),
    row(['`<matrix-join-button>` (before painted)', reqs(r.requests.joinButton)]),
  ].join('\n');

  const s = r.scale.scrollBack;
  const bu = r.scale.burst;
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  const scale = [
    row(['Scale (1× CPU, one run)', 'Measured']),
    row(['---', '---']),
    row([`Scroll back through ${s?.messages ?? '10,000'} messages: reached the first message`, s ? `${s.reachedStart ? 'yes' : `no — oldest seen: Message ${s.oldestSeen ?? '—'}`} in ${Math.round(s.ms / 100) / 10} s, ${s.steps} scroll-to-top steps` : '—']),
    row(['… timeline DOM nodes (max during / at the end)', s ? `${s.maxTimelineNodes} / ${s.finalTimelineNodes}` : '—']),
    row(['… JS heap after GC (before → after)', s ? `${mb(s.heapBeforeBytes)} → ${mb(s.heapAfterBytes)}` : '—']),
    row(['… longest main-thread task', s ? (s.longTasks ? `${s.longestTaskMs} ms (${s.longTasks} tasks > 50 ms)` : 'none over 50 ms (the Long Tasks API reports only those)') : '—']),
    row([`Burst of ${bu?.messages ?? 1000} messages in one /sync: last one shown after the response`, bu ? (bu.renderMs === null ? '—' : `${bu.renderMs} ms`) : '—']),
    row(['… events that /sync response carried (client filter limit)', bu ? `${bu.syncTimelineEvents ?? '—'}${bu.syncLimited ? ' (limited: the rest is a gap)' : ''}` : '—']),
    row(['… longest main-thread task; timeline DOM nodes once settled', bu ? `${bu.longestTaskMs ? `${bu.longestTaskMs} ms` : 'none over 50 ms'}; ${bu.timelineNodesAfter}` : '—']),
    ...(bu?.note ? [row(['… note', bu.note])] : []),
  ].join('\n');

  const builds = Object.entries(r.builds).length
    ? [
        row(['Build (emitted, whether loaded or not)', 'files: min / gzip / brotli kB', 'total gzip kB', 'build time']),
        row(['---', '---', '--:', '--:']),
        ...Object.entries(r.builds).map(([name, b]) =>
          row([name, b.files.map((f) => `\`${f.file}\` ${kB(f.min)} / ${kB(f.gzip)} / ${kB(f.brotli)}`).join('<br>'), kB(b.total.gzip), `${Math.round(b.ms / 1000)} s`]),
        ),
      ].join('\n')
    : '_(builds reused with --no-build)_';

  const m = r.machine;
  const md = `# Benchmarks

\`npm run bench\` (see \`bench/run.ts\`; issues 6 and 14). ${r.partial || r.partialRoom
    ? `${[r.partial && { ...r.partial, only: 'paint' }, r.partialRoom && { ...r.partialRoom, only: 'room' }]
      .filter((p): p is { date: string; rows: string[]; only: string } => !!p)
      .map((p) => `The rows of the ${p.rows.join(', ')} are from \`npm run bench -- --only ${p.only}\` on ${p.date.slice(0, 10)}.`)
      .join('\n')}
Every other figure is from the last full run, on ${r.date.slice(0, 10)}, and was not measured again: read those
rows as that build's.`
    : `Every figure below is from one run on ${r.date.slice(0, 10)} (${r.durationSeconds} s).`}
Machine: headless ${m.chromium}, ${m.cpu} × ${m.cores} cores, ${m.memoryGB} GB, ${m.os}, Node ${m.node}.
Versions: ${Object.entries(r.versions).map(([k, v]) => `${k} ${v}`).join(', ')}.
Times are medians of ${r.runs} runs (min–max in small type), navigation start → the first animation frame in
which the condition holds in the element's shadow DOM; CPU throttling through DevTools
(\`Emulation.setCPUThrottlingRate\`). Every request travels to 127.0.0.1, where a round trip costs well under a
millisecond: the columns without an RTT show CPU cost alone, the **RTT** column adds that much to each request's
round trip (\`Network.emulateNetworkConditions\`), to show what waits on the network, as on a phone (the static
server speaks HTTP/1.1, so a browser opens at most six connections to it; CDNs speak HTTP/2). Bytes are the files each page actually requested (DevTools network log),
each compressed on its own with node:zlib (gzip level 9, brotli quality 11); 1 kB = 1,000 bytes. The plain-SDK
and Hydrogen baselines are built in the same run with the same rollup + terser plugins and measured side by
side on the same local homeserver. Every page is opened in a new browser profile with its HTTP cache off (a
first visit, cold), except the **repeat visit** rows: each page (ours and the plain-SDK one) is opened once, left
to go live, then opened again in the same profile with the HTTP cache on and the files served as a CDN serves
them (hashed chunks kept for a year, the rest revalidated), and the second visit is timed; ours then paints the
room twice: first the loader draws the room's last screen (kept in localStorage at the first visit's end,
inert: a picture of the rows, header and composer, src/screen-paint.ts), then the element shows its own rows
from what the first visit kept in IndexedDB and takes the picture away (the second repeat row, where the
composer can be used). The plain-SDK page (which keeps nothing between visits) syncs again. Raw data:
\`bench/results.json\`.

## Budgets

${budgets}

## Bytes

${bytes}

<details><summary>Files per page (min / gzip / brotli kB)</summary>

| page | files |
|---|---|
| entry | ${files(r.bytes.entry)} |
| sign-in form | ${files(r.bytes.signInForm)} |
| join button | ${files(r.bytes.joinButton)} |
| live room | ${files(r.bytes.liveRoom)} |
| live room, before the first paint | ${files(r.bytes.liveRoomBeforePaint ?? null)} |
| live room after a first send | ${files(r.bytes.liveRoomAfterSend ?? null)} |
| plain SDK | ${files(r.bytes.plainSdk)} |
| hydrogen | ${files(r.bytes.hydrogen)} |

</details>

## Time

${times}

${requests}
${accounts ? `
### The baseline and the visitor's account

The plain-SDK page paints after its first \`/sync\`, which carries every room of the account; ours paints
after requests about the one room on the page. So the ratio depends on the account: the time rows above are
alice's account of ${r.accountRooms ?? '?'} rooms (the seeded rooms, the 10,000-message room and the burst room
of the scale rows, the same in full and \`--only room\` runs); below, rooms of 20 messages each are added to it
after every other row and both pages are timed again. The budgets are checked against the rows above.

${accounts}
` : ''}
## Scale

${scale}

## Builds

${builds}
${r.hydrogenError ? `\nHydrogen page: ${r.hydrogenError}\n` : ''}${r.errors.length ? `\n## Errors in this run\n\n${r.errors.map((e) => `- ${e.replace(/\n/g, ' ')}`).join('\n')}\n` : ''}`;
  writeFileSync(join(ROOT, 'BENCHMARKS.md'), md);
  return `${budgets}\n\n${bytes}\n\n${times}`;
}
