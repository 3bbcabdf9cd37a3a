/**
 * Answers to requests the loader sent before the session's code had arrived (`src/early-requests.ts`: a
 * signed-in visitor's room summary and first page, asked for while the element's chunks download), handed to
 * the code that would have sent the same request. A request is the same when its URL and its `Authorization`
 * header are: then its answer is exactly what sending it now would bring, only sooner, so it goes through the
 * caller's usual handling (status codes, a dead token, rate limits). Each answer is handed out once; one nobody
 * asked for is dropped by the loader after a while.
 *
 * The table is on the page's global object under a registered symbol: the loader shares no module with the
 * elements (a shared module would become a chunk the loader waits for), so this is the one contract between
 * them. test/browser/loader/dist-early-requests.test.ts checks on the network that each early request is used.
 */

/** What the loader keeps per URL (src/early-requests.ts writes the same shape). */
export interface EarlyRequest {
  /** The `Authorization` header it was sent with, or null (anonymous). */
  authorization: string | null;
  response: Promise<Response>;
}

export const EARLY_REQUESTS = Symbol.for('matrix-embed.early-requests');

/**
 * The answer to `GET url` with `authorization` if the loader already sent exactly that request, else undefined.
 * `fallback` sends it again should the early one have failed on the network (it may have gone out before the
 * page was online again, say): the caller's retries then work on a request of its own.
 */
export function takeEarlyResponse(url: string, authorization: string | null, fallback: () => Promise<Response>): Promise<Response> | undefined {
  const table = (globalThis as { [EARLY_REQUESTS]?: unknown })[EARLY_REQUESTS];
  if (!(table instanceof Map)) return undefined;
  const early = table.get(url) as EarlyRequest | undefined;
  if (!early || early.authorization !== authorization || !(early.response instanceof Promise)) return undefined;
  table.delete(url);
  return early.response.then((res) => (res instanceof Response ? res : fallback()), fallback);
}
