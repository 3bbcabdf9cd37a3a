/** An HS256 JSON Web Token minted in the browser with WebCrypto, as a site's server would for its visitor. */
const b64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const text = (value: unknown) => b64url(new TextEncoder().encode(JSON.stringify(value)));

/** The secret the local homeserver and the test Synapse check `org.matrix.login.jwt` tokens with. */
export const TEST_JWT_SECRET = 'matrix-embed-test-jwt-secret';

export async function mintJwt(claims: Record<string, unknown>, secret = TEST_JWT_SECRET): Promise<string> {
  const head = `${text({ alg: 'HS256', typ: 'JWT' })}.${text(claims)}`;
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(head)));
  return `${head}.${b64url(signature)}`;
}
