/**
 * Reading a server's answer ourselves, bounded: at most MAX_ANSWER_BYTES are read (discovery, summaries, auth
 * metadata, `/login` flows and every other request the session makes without matrix-js-sdk), so a hostile
 * server cannot make the page parse a gigabyte of JSON.
 */

/** 1 MB: far above any real discovery, summary or metadata answer. */
export const MAX_ANSWER_BYTES = 1_000_000;

export type JsonAnswer =
  /** `value` is undefined for an empty body. */
  | { ok: true; value: unknown }
  | { ok: false; reason: 'too-large' | 'not-json' };

/** Reads and parses a response body, stopping (and cancelling the download) past `limit` bytes. */
export async function readJson(res: Response, limit = MAX_ANSWER_BYTES): Promise<JsonAnswer> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > limit) {
    void res.body?.cancel().catch(() => undefined);
    return { ok: false, reason: 'too-large' };
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        void reader.cancel().catch(() => undefined);
        return { ok: false, reason: 'too-large' };
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  const text = new TextDecoder().decode(bytes);
  if (!text.trim()) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reason: 'not-json' };
  }
}

/** A JSON object (not null, not an array), or undefined. */
export const asObject = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** An array whose every item is a string, or undefined. */
export const asStrings = (v: unknown): string[] | undefined =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
