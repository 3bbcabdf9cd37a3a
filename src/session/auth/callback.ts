/** The OAuth 2.0 / SSO return URL: read and strip its parameters (no network, no other auth code). */

/** The query parameter that binds an SSO return to the tab that started it (its value: that tab's nonce). */
export const SSO_NONCE_PARAM = 'matrix-embed-sso';

/** Reads `code`/`state` (or `error`) and `iss` (RFC 9207) from a redirect URL's query or fragment. */
export function parseCallback(
  href: string,
): { state: string; code?: string; error?: string; errorDescription?: string; iss?: string } | undefined {
  const url = new URL(href);
  for (const params of [url.searchParams, new URLSearchParams(url.hash.replace(/^#/, ''))]) {
    const state = params.get('state');
    if (state && (params.has('code') || params.has('error'))) {
      return {
        state,
        code: params.get('code') ?? undefined,
        error: params.get('error') ?? undefined,
        errorDescription: params.get('error_description') ?? undefined,
        iss: params.get('iss') ?? undefined,
      };
    }
  }
  return undefined;
}

/** The URL without the callback parameters (for `history.replaceState`). */
export function stripCallback(href: string): string {
  const url = new URL(href);
  const names = ['code', 'state', 'error', 'error_description', 'error_uri', 'iss', 'loginToken', SSO_NONCE_PARAM];
  for (const n of names) url.searchParams.delete(n);
  const hash = new URLSearchParams(url.hash.replace(/^#/, ''));
  if (names.some((n) => hash.has(n))) {
    for (const n of names) hash.delete(n);
    url.hash = hash.toString();
  }
  return url.href;
}
