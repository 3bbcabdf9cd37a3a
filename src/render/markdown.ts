/**
 * Outgoing composer text → `m.room.message` content fields, with CommonMark (markdown-it).
 *
 * `html: false`: what a user types as `<b>` is shown as text, not sent as markup; receivers sanitize anyway, but
 * our own users should get what they see in the composer. Images are disabled: `![x](https://...)` would send a
 * non-mxc image that every careful client refuses to load (files go through the upload button as `m.image`).
 */
import markdownit from 'markdown-it';

/** Content fields for a text message. */
export interface MessageText {
  /** The text as typed: the plain fallback every client can show. */
  body: string;
  format?: 'org.matrix.custom.html';
  formatted_body?: string;
}

const md = markdownit('commonmark', { html: false, linkify: true, breaks: true, typographer: false });
// The commonmark preset turns linkify off at the rule level; the option alone does nothing.
md.enable(['linkify']);
md.disable(['image']);
// Protocol-relative `//host` is not a link a chat message should create.
md.linkify.add('//', null);

type Tokens = ReturnType<typeof md.parse>;

/** Whether the parsed text is paragraphs of plain text whose text is exactly what was typed. */
function isPlain(tokens: Tokens, text: string): boolean {
  const paragraphs: string[] = [];
  for (const token of tokens) {
    if (token.type === 'paragraph_open' || token.type === 'paragraph_close') continue;
    if (token.type !== 'inline') return false;
    let paragraph = '';
    for (const child of token.children ?? []) {
      if (child.type === 'text') paragraph += child.content;
      else if (child.type === 'softbreak' || child.type === 'hardbreak') paragraph += '\n';
      else return false;
    }
    paragraphs.push(paragraph);
  }
  // Escapes (`1\.`) and entities (`&amp;`) change the text: then the HTML carries meaning the body does not.
  return normalize(paragraphs.join('\n\n')) === normalize(text);
}

/** Line-trimmed, blank runs collapsed: Markdown ignores that whitespace, so must the comparison. */
function normalize(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Turn what the user typed into message content. Plain text (no Markdown that changes anything) yields only
 * `body`; otherwise `format: org.matrix.custom.html` and the rendered HTML (a lone paragraph is unwrapped, as
 * other clients do, so a single emphasized word is not sent as a block).
 */
export function markdownToContent(text: string): MessageText {
  const body = typeof text === 'string' ? text : '';
  if (!body.trim()) return { body };
  const env = {};
  const tokens = md.parse(body, env);
  if (isPlain(tokens, body)) return { body };
  const single =
    tokens.length === 3 && tokens[0].type === 'paragraph_open' && tokens[2].type === 'paragraph_close';
  const formatted = single
    ? md.renderer.renderInline(tokens[1].children ?? [], md.options, env)
    : md.renderer.render(tokens, md.options, env);
  return { body, format: 'org.matrix.custom.html', formatted_body: formatted.replace(/\n+$/, '') };
}
