/**
 * What the seeded people say (seed.ts puts it in the rooms). Written by hand so the demo reads like the chat
 * room of a real open-source project: short exchanges on one subject each, questions that get answers, a few
 * replies and reactions. Every body is different from every other in its room (test/homeserver/seed.test.ts
 * checks), so no conversation looks generated.
 *
 * A line is `[sender localpart, body]` or `[sender, body, { re, react }]`: `re` is the index of an earlier line
 * of the same exchange this one replies to (an `m.in_reply_to` relation), `react` the reactions it gets.
 */

export interface LineExtras {
  /** Index, in the same exchange, of the line this one replies to. */
  re?: number;
  /** Reactions to this line: `[sender localpart, key]`. */
  react?: ReadonlyArray<readonly [string, string]>;
}
export type Line = readonly [string, string] | readonly [string, string, LineExtras];
/** A few messages on one subject, close together in time. */
export type Exchange = readonly Line[];

/**
 * #lobby, in the order seed.ts interleaves it with the hand-placed events (the Markdown tip, the edited
 * release message, the image, Erin's visit, the second Sam joining, the thread). Who speaks in a part matches
 * who is in the room then: Erin only while she is there, Samantha only after she has joined.
 */
export const LOBBY_TALK = {
  /** The first days: newcomers, first questions. Before the Markdown tip. */
  early: [
    [
      ["bob", "Hi everyone! Found this via the Matrix blog post. Is the embed usable already or still experimental?"],
      ["alice", "Usable, but we are pre-1.0, so attribute names may still change. The changelog lists anything that breaks."],
      ["bob", "Fair enough. I maintain a small static site generator and would love a chat widget for its docs."],
      ["alice", "That is exactly the use case we had in mind. Which generator?"],
      ["bob", "Eleventy. The output is plain HTML, so I guess one script tag is all I need?"],
      ["alice", "One script tag and a <matrix-room> element. Tell us wherever the quick start is unclear.", { react: [["bob", "👍"]] }],
    ],
    [
      ["carol", "Morning all. I have been reading the README and the theming section is a bit thin."],
      ["alice", "Agreed, it only lists three tokens. The full list lives in src/styles/tokens.ts for now."],
      ["carol", "I could turn that file into a proper table with defaults, plus screenshots in light and dark."],
      ["alice", "That would be wonderful. Happy to review whenever you open a PR."],
      ["carol", "On it this week, I will tag you."],
    ],
    [
      ["dave", "Has anyone run this against a Synapse behind Cloudflare? I get CORS errors on /sync."],
      ["sam", "I had that too. Cloudflare was caching 4xx answers without the Access-Control-Allow-Origin header."],
      ["dave", "Oh, interesting. So it only fails when the first request happens to be a 401?"],
      ["sam", "Yes. A cache rule that bypasses everything under /_matrix fixed it for me.", { re: 2 }],
      ["dave", "That did it, thanks! I will add it to the self-hosting notes.", { react: [["sam", "🙌"], ["alice", "🙌"]] }],
      ["alice", "Please do, that one will bite more people."],
    ],
    [
      ["sam", "Small thing: the send button has no visible focus ring in high-contrast mode on Windows."],
      ["alice", "Good catch. Could you open an issue with a screenshot? We test forced colours, but clearly not enough."],
      ["sam", "Done, it is #41. The timestamp tooltip is not reachable by keyboard either."],
      ["carol", "That second one might be the same root cause: both only appear on :hover."],
      ["sam", "Makes sense, I will mention it in the issue."],
    ],
    [
      ["bob", "How big is the bundle right now? Our docs have a strict performance budget."],
      ["alice", "A join button paints from about 14 kB gzipped. The Matrix client only loads once someone interacts."],
      ["bob", "Nice, so visitors who never touch the chat never download the SDK?"],
      ["alice", "Exactly. The benchmark in bench/ measures it for every release."],
      ["dave", "That lazy loading is the main reason I picked this over an iframe embed."],
    ],
    [
      ["carol", "Does the project have a code of conduct yet?"],
      ["alice", "We follow the Matrix.org code of conduct for now, linked from CONTRIBUTING.md."],
      ["carol", "Thanks. A one-line summary in the room topic might help newcomers."],
      ["alice", "Good idea, I will update the topic after the weekend."],
    ],
    [
      ["dave", "Is there a way to try everything locally without touching our production homeserver?"],
      ["alice", "npm start runs a small homeserver of its own, with seeded users and rooms. Nothing leaves 127.0.0.1."],
      ["dave", "Perfect for testing our theme before we deploy."],
      ["sam", "It is also what the test suite runs against, so it answers the way the real thing does."],
    ],
    [
      ["sam", "Does the room element work inside a <dialog>? Our site opens help in a modal."],
      ["carol", "I use it in one. Give the dialog a height, the timeline fills whatever space it gets."],
      ["sam", "That was it, the dialog had height auto. Thanks!"],
    ],
  ],
  /** After the question about frameworks and its replies. */
  afterQuestion: [
    [
      ["dave", "Can guests see some history before they join, so the room does not look empty?"],
      ["alice", "If the room's history is world-readable, guests see the latest messages before joining."],
      ["dave", "Ah, our room was set to members only. Switching it now."],
      ["dave", "Works. The preview makes a huge difference for first-time visitors.", { react: [["alice", "🎉"]] }],
    ],
    [
      ["sam", "I am trying the launcher on a React site. Do I need a wrapper component?"],
      ["bob", "Not really. React 19 passes properties to custom elements properly."],
      ["sam", "We are still on React 18, unfortunately."],
      ["bob", "Then attributes are fine for strings like room and homeserver. Only the event listeners need a ref.", { re: 2 }],
      ["sam", "Got it working with a ref and addEventListener. Thanks Bob!"],
      ["alice", "Could you paste that snippet in the docs room? Others will ask the same."],
    ],
    [
      ["carol", "Translation question: gettext-style files or something else?"],
      ["alice", "@lit/localize with XLIFF files. A locale only loads when the page's language needs it."],
      ["carol", "I can do German and Catalan. Is there a glossary for words like room and homeserver?"],
      ["alice", "Not yet. The Element glossary on Weblate is a good starting point."],
      ["carol", "I will start from that and note where we differ."],
    ],
    [
      ["bob", "CI is red on main: the Firefox job times out in the upload test."],
      ["alice", "Looking. It passed yesterday, so probably the new runner image."],
      ["alice", "Yes, the image ships a newer geckodriver. Pinned the old one for now and opened an issue to update properly."],
      ["bob", "Green again, thanks."],
    ],
    [
      ["dave", "Anyone going to FOSDEM this year? There is a Matrix devroom again."],
      ["sam", "I will be there on Saturday. Would be fun to meet up."],
      ["alice", "I submitted a lightning talk about chat on static sites. Fingers crossed."],
      ["dave", "Let us know if it is accepted, I will be in the front row.", { re: 2 }],
    ],
    [
      ["sam", "Quick poll: on desktop, should the launcher open as a side panel or as a floating window?"],
      ["carol", "Floating window. A side panel pushes the page content around."],
      ["bob", "Side panel for docs sites, floating for marketing pages. Maybe an option?"],
      ["alice", "An attribute sounds reasonable. Let us keep floating as the default."],
      ["sam", "I will sketch both and post screenshots."],
    ],
    [
      ["carol", "Design question: should avatars in the timeline be round or rounded squares?"],
      ["sam", "Round, like most Matrix clients. People recognise each other faster that way."],
      ["bob", "Round for people, rounded squares for rooms. That is what Element does too."],
      ["carol", "I like that distinction. I will update the mockups.", { re: 2 }],
    ],
    [
      ["alice", "Thank you all for the feedback on the sign-up flow last week. The new version asks for less and explains more."],
      ["dave", "Tried it: creating an account took me under a minute."],
      ["carol", "The error for a taken user name is much clearer now."],
      ["bob", "Agreed. Ship it!"],
    ],
  ],
  /** After the edited release announcement. */
  afterRelease: [
    [
      ["carol", "The release notes mention read markers, but I do not see them in the timeline."],
      ["bob", "They are off for guests. Sign in and you should see the line."],
      ["carol", "Right, there it is. Maybe the notes should say so."],
      ["bob", "Fair, I will add a sentence."],
    ],
    [
      ["dave", "Is anyone running this with Conduit instead of Synapse?"],
      ["alice", "A few people do. Registration works a little differently, but reading and sending are fine."],
      ["dave", "Good to know. I want to try it on a Raspberry Pi."],
      ["sam", "conduwuit runs nicely on a Pi 4, I have one at home."],
    ],
    [
      ["sam", "Pushed a draft PR for the floating launcher. Screenshots are in the description."],
      ["carol", "Looks great! The shadow is a bit heavy in dark mode though."],
      ["sam", "True, I will use the elevation token instead of a hard-coded value."],
      ["alice", "Please also check it at 200% zoom, that is where the last version broke."],
      ["sam", "Will do."],
    ],
    [
      ["bob", "Security question: can a message in the room run scripts on the host page?"],
      ["alice", "No. Message HTML goes through an allowlist and we build DOM nodes from it, never innerHTML."],
      ["bob", "And links?"],
      ["alice", "Only http, https and mailto, opened with rel=\"noopener noreferrer\". SECURITY.md has the full list."],
      ["bob", "Thanks, that is what our security team wanted to hear.", { react: [["carol", "👍"]] }],
    ],
    [
      ["carol", "Typing this from my phone: the composer jumps when the keyboard opens on iOS."],
      ["sam", "I can reproduce that on Safari 17. Looks like the visualViewport resize."],
      ["alice", "There is an open issue for it. If either of you has time to dig in, it is up for grabs."],
      ["sam", "I will take it, there is an iPhone on my desk anyway."],
    ],
    [
      ["bob", "Looking for a second reviewer on the outbox PR, the one that keeps unsent messages across reloads."],
      ["sam", "I can take it this afternoon."],
      ["sam", "Left a few comments. The retry logic looks solid, mostly naming nitpicks."],
      ["bob", "Thanks, all addressed."],
    ],
  ],
  /** After the image and the message its sender removed. */
  afterImage: [
    [
      ["dave", "Our moderators want to stop guests from posting links. Is that something the widget should do?"],
      ["alice", "That belongs on the server: a moderation bot or server ACLs. The widget shows whatever the room allows."],
      ["dave", "Makes sense. We will look at Draupnir."],
    ],
    [
      ["bob", "I am cutting the 0.4 release tomorrow. Anything that should still go in?"],
      ["carol", "The theming docs PR is ready for review."],
      ["sam", "The iOS keyboard fix needs one more day, so leave it for 0.4.1."],
      ["bob", "OK: theming docs in, keyboard fix next time."],
      ["alice", "Sounds good. I will review Carol's PR tonight."],
    ],
    [
      ["sam", "TIL you can style the timeline's scrollbar through ::part(timeline). Very handy."],
      ["carol", "Is that documented? I could not find it."],
      ["sam", "Only in custom-elements.json. I will add an example to the styling page.", { re: 1 }],
    ],
    [
      ["carol", "The German translation is up for review: 212 strings, a few still marked fuzzy."],
      ["alice", "Thank you! I will ask a native speaker to double-check."],
      ["carol", "Please do. \"Beitreten\" or \"Teilnehmen\" for Join was a tough call."],
      ["dave", "Native speaker here: \"Beitreten\" sounds right for a room.", { re: 2 }],
    ],
    [
      ["dave", "Load test results: 300 concurrent guests in one room, and Synapse stayed under 40% CPU."],
      ["alice", "Nice! Was that with sync filters?"],
      ["dave", "Yes, with lazy-loaded members. Without them it was roughly twice as much."],
      ["bob", "Worth a paragraph in the deployment guide.", { react: [["dave", "👍"]] }],
    ],
    [
      ["carol", "Friday fun: what is the strangest place you have embedded a chat room?"],
      ["dave", "The status page of our build farm. People ask about failed builds right next to them."],
      ["sam", "A museum kiosk, read-only. Visitors loved seeing questions from other visitors."],
      ["bob", "The 404 page of our docs. Lost visitors ask where things went, and someone answers."],
      ["carol", "These are great, I might collect them for the blog.", { react: [["dave", "😄"], ["bob", "😄"]] }],
    ],
  ],
  /** While Erin is in the room, after her hello. */
  erinVisits: [
    [
      ["alice", "Welcome Erin! Feel free to ask anything about the project."],
      ["carol", "Hi Erin! The docs room is quieter if you have a specific question."],
      ["erin", "Thanks! Mostly curious how this compares to embedding Element in an iframe."],
      ["alice", "Element is a full client in a frame. This is a set of small elements that live in your page and share one session.", { re: 2 }],
    ],
    [
      ["bob", "Reminder: community call on Thursday at 17:00 UTC, the agenda is in the wiki."],
      ["sam", "Can we add the launcher layout question to the agenda?"],
      ["bob", "Added."],
    ],
  ],
  /** After Erin has left. */
  afterErin: [
    [
      ["sam", "The iOS fix is merged: the composer stays put when the keyboard opens."],
      ["carol", "Confirmed on my phone, thank you!", { re: 0 }],
      ["alice", "Great work. I will mention it in the call."],
    ],
    [
      ["dave", "Can the join button show the member count without anyone signing in?"],
      ["alice", "It does when the server supports room summaries (MSC3266). Otherwise it asks the public room directory."],
      ["dave", "Our server is a bit older, so the directory it is. Good that there is a fallback."],
    ],
    [
      ["carol", "Notes from Thursday's call are in the wiki. Short version: floating launcher by default, side panel as an option."],
      ["bob", "And we agreed to freeze attribute names before 1.0."],
      ["sam", "I will write a short RFC for the remaining renames."],
      ["alice", "Thanks Carol, great notes as always.", { react: [["bob", "❤️"]] }],
    ],
    [
      ["bob", "Someone on the forum asked whether the widget works inside a Shopify theme."],
      ["sam", "It should, as long as the theme allows module scripts. The checkout pages do not."],
      ["bob", "I will answer that and link the CSP section."],
    ],
    [
      ["dave", "Our sysadmin wants the exact CSP we need. Is 'unsafe-inline' required for styles?"],
      ["alice", "No. Styles are constructed stylesheets, so style-src 'self' is enough. It even runs with Trusted Types enforced."],
      ["dave", "Excellent, that makes the conversation with him much easier."],
    ],
    [
      ["dave", "We hit the rate limit on registration when 50 people signed up during a workshop."],
      ["alice", "Synapse limits registrations per IP by default, and a workshop shares one IP. The admins can raise rc_registration."],
      ["dave", "Makes sense. At least the widget said to wait and retried by itself, nobody lost what they typed."],
    ],
    [
      ["carol", "Catalan translation is done too. Should I open one PR per language?"],
      ["alice", "One per language is easier to review, yes."],
      ["carol", "OK, the Catalan one is up."],
      ["bob", "Merged. That makes three languages."],
    ],
  ],
  /** After the second Sam (@samantha) has joined. */
  twoSams: [
    [
      ["samantha", "I run the community site for a small Rust crate. Is there a WordPress plugin, or just the script tag?"],
      ["alice", "Just the script tag for now. Someone in the docs room was working on a WordPress block, though."],
      ["samantha", "I will ask there. A Custom HTML block with the script tag might be enough anyway."],
      ["carol", "It is, that is how I set it up on my blog."],
    ],
    [
      ["sam", "Now that there are two of us: happy to go by Sam K here if it helps."],
      ["samantha", "Ha, then I am Sam W. The widget shows our user IDs next to the name anyway."],
      ["alice", "That disambiguation was one of the first things we built. Nice to see it in action."],
    ],
    [
      ["bob", "0.4.1 is out, with the iOS keyboard fix and Carol's German translation.", { react: [["carol", "🎉"], ["sam", "🎉"], ["samantha", "🚀"]] }],
      ["carol", "Our first release with a translation!"],
      ["dave", "Upgraded our docs site, no issues so far."],
      ["samantha", "Same here, it went in without a hitch."],
    ],
    [
      ["samantha", "Where should bugs go, GitHub or here?"],
      ["alice", "GitHub issues, please. Asking here first is fine if you are not sure it is a bug."],
      ["samantha", "Great. I think the launcher's unread badge does not clear after reading in another tab."],
      ["alice", "That sounds like a real bug. An issue with steps to reproduce would be perfect."],
      ["samantha", "Filed as #57."],
    ],
    [
      ["dave", "Anyone else seeing slow first syncs on matrix.org lately?"],
      ["sam", "Yes, about ten seconds for me this morning. The status page mentions degraded performance."],
      ["dave", "OK, not us then. At least the widget shows its Connecting banner nicely."],
    ],
    [
      ["carol", "I am drafting the 1.0 announcement. What should we highlight?"],
      ["alice", "One script tag, no framework needed, usable by keyboard and screen readers."],
      ["bob", "Lazy loading and the small first paint. People care about page weight."],
      ["samantha", "The guest preview: reading before joining is what sold it to me."],
      ["carol", "Great list. I will share a draft on Monday."],
    ],
    [
      ["samantha", "Is there a way to know when someone joins through the button, for our analytics?"],
      ["alice", "The button fires matrix-after-join on the element, with the room ID in its detail. Listen for that."],
      ["samantha", "Exactly what I needed, no tracking scripts inside the widget itself."],
      ["alice", "And there never will be, it is in the privacy policy.", { re: 2 }],
    ],
  ],
  /** After the thread about the next demo page, up to the last message. */
  late: [
    [
      ["sam", "Is there interest in a Svelte example? I have one from a side project."],
      ["bob", "Yes please! Add it under examples/ with a short README."],
      ["sam", "Will do this weekend."],
    ],
    [
      ["dave", "Small request: could the join button say Open instead of Join when the visitor is already a member?"],
      ["alice", "It does once they are signed in. Before that it cannot know who the visitor is."],
      ["dave", "Ah, of course. I was testing in a private window."],
    ],
    [
      ["samantha", "Our team's accessibility audit is in: mostly good, two issues with focus order."],
      ["alice", "Thank you! Could you share the report? We want 1.0 to meet WCAG AA."],
      ["samantha", "I will remove the internal parts and post it in an issue."],
      ["carol", "That kind of feedback is gold, thank you Samantha.", { react: [["alice", "💯"]] }],
    ],
    [
      ["bob", "Dependabot wants to bump matrix-js-sdk by a major version again."],
      ["alice", "Let us hold it until after 1.0. The last major changed how sync errors are reported."],
      ["bob", "OK, I will pin it and leave a note on the PR."],
    ],
    [
      ["carol", "Has anyone tried the widget with a right-to-left language?"],
      ["samantha", "We have Arabic speakers in our community. Messages render fine, but timestamps sit on the wrong side."],
      ["alice", "We use logical CSS properties almost everywhere, so that should be a small fix. Could you open an issue?"],
      ["samantha", "Sure, with screenshots."],
    ],
    [
      ["dave", "We are moving our docs chat from Discord to Matrix next month. This widget is a big part of why."],
      ["sam", "Great to hear! What made the difference?"],
      ["dave", "People can read without an account, and the conversation stays on infrastructure we control."],
      ["alice", "That is lovely to hear. Let us know how the move goes."],
    ],
    [
      ["sam", "The Svelte example is up as PR #63."],
      ["bob", "Reviewed, looks good. One small comment about removing the event listener."],
      ["sam", "Fixed and pushed."],
      ["bob", "Merged, thanks!"],
    ],
    [
      ["samantha", "Maybe a silly question: can I change the launcher's icon?"],
      ["carol", "Not silly at all. The launcher has a slot named icon."],
      ["samantha", "Perfect, that works with our logo."],
    ],
    [
      ["alice", "Heads up: I am offline next week. Bob is the contact for releases while I am away."],
      ["bob", "Enjoy the break! I will keep an eye on the issue tracker."],
      ["carol", "Have a good holiday, Alice."],
    ],
    [
      ["dave", "Last question for today: is end-to-end encryption on the roadmap?"],
      ["alice", "Not for 1.0. The widget is for public rooms, where encryption adds little and costs a lot of page weight."],
      ["dave", "That makes sense for our use case."],
      ["alice", "For private conversations, Element or another full client is the better choice."],
    ],
    [
      ["sam", "Updated the self-hosting notes with Dave's Cloudflare fix and the sync filter numbers."],
      ["dave", "Thanks for pulling that together!"],
    ],
    [
      ["bob", "The 1.0 release checklist is up as issue #70. Please add anything I missed."],
      ["carol", "Added: retake the README screenshot."],
      ["samantha", "Added: run the axe checks on every demo page."],
      ["alice", "Thanks everyone, I think we are close."],
    ],
    [
      ["sam", "Benchmark numbers for the release candidate: first paint of a join button in 180 ms on a throttled phone."],
      ["bob", "That is better than our own site's header image."],
      ["dave", "Ha! Time to compress that image then."],
    ],
    [
      ["carol", "Docs question for everyone: would a video walkthrough of the quick start help?"],
      ["samantha", "Yes, two minutes at most. Our volunteers learn faster from a video."],
      ["dave", "Please add captions, half of our community watches with the sound off."],
      ["carol", "Captions and a transcript, promised."],
    ],
    [
      ["samantha", "We embedded the launcher on our site last night. Three new people have already said hello in our room."],
      ["alice", "That is the best news of the week!", { react: [["carol", "❤️"], ["sam", "❤️"]] }],
    ],
  ],
} satisfies Record<string, readonly Exchange[]>;

/**
 * #docs: questions about the documentation and their answers. `join` lines are not messages: that member joins
 * the room at that point.
 */
export const DOCS_TALK: ReadonlyArray<Line | { join: string }> = [
  ["bob", "Where do I find the list of attributes for <matrix-room>?"],
  ["alice", "In the API reference, which is generated from custom-elements.json.", { re: 0 }],
  ["carol", "Is there a page about theming with CSS custom properties?"],
  ["alice", "Yes: \"Styling\" lists every --matrix-* token with its default.", { re: 2 }],
  ["bob", "The quick start snippet works on GitHub Pages, nice."],
  ["carol", "Typo on the security page: \"orgin\" should be \"origin\"."],
  ["alice", "Fixed, thanks!", { re: 5, react: [["carol", "👍"]] }],
  ["bob", "Does the quick start assume a bundler? Our docs site has none."],
  ["alice", "No bundler needed: the script tag loads the library, and each element loads the first time it appears."],
  ["carol", "The Events page lists matrix-after-join, but its example listens for matrix-joined."],
  ["alice", "Good catch, that example predates the rename. Fixing it now."],
  ["alice", "Done: the example listens for matrix-after-join now.", { react: [["carol", "🙏"]] }],
  ["bob", "How do I point the elements at our own homeserver instead of matrix.org?"],
  ["carol", "Set the homeserver attribute on each element. With a room alias on your server, .well-known discovery also finds it.", { re: 12 }],
  { join: "sam" },
  ["sam", "Hi! Is there a guide for running the demo locally?"],
  ["alice", "npm install, then npm start. It starts a local homeserver with seeded rooms and serves the demo pages."],
  ["sam", "That was painless. Are the seeded accounts documented somewhere?"],
  ["bob", "At the top of dev/homeserver/seed.ts, with their passwords.", { re: 17 }],
  ["carol", "Could the docs explain what happens when the homeserver is down? A customer asked us."],
  ["alice", "Good idea. The elements keep the matrix.to link working and retry in the background. I will write a short section."],
  ["carol", "Thank you, that will save us a few support tickets."],
  ["sam", "On the Installation page the code blocks have no copy button on mobile."],
  ["carol", "I see it too. That is the site theme, not the library; I will report it to the theme's maintainers.", { re: 22 }],
  ["bob", "Is there a changelog I can subscribe to?"],
  ["alice", "CHANGELOG.md in the repository, and every release is announced in #lobby."],
  ["sam", "Suggestion: link the accessibility statement from the footer of every docs page."],
  ["alice", "Agreed. Carol, could you add it to the footer template?"],
  ["carol", "Added, it goes live with the next docs deploy.", { react: [["sam", "🎉"], ["alice", "👍"]] }],
  ["bob", "Last one from me: is the API reference versioned?"],
  ["alice", "Not yet. It always matches the latest release for now; versioned docs are planned for 1.0.", { re: 29 }],
];

/** #private: release planning among the maintainers. */
export const PRIVATE_TALK: readonly Line[] = [
  ["bob", "Good place for the release planning then."],
  ["alice", "Draft plan for 1.0: freeze the attribute names, finish the accessibility fixes, then a release candidate."],
  ["bob", "I can run the release candidate on our docs site for a week before we tag it."],
];
