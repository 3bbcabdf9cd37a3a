/**
 * Stand-in for the `content-type` package as matrix-js-sdk imports it (`lib/http-api/utils.js`: the media type
 * of an error answer, to tell a Matrix JSON error from plain text). The real package (~2 kB minified) parses and
 * validates every parameter, which the SDK never reads: it compares `type` only.
 *
 * Safe: `parse` returns the lower-cased media type (RFC 9110: `type "/" subtype`, parameters after `;`) and, like
 * the real one, throws a TypeError when there is none; `parameters` are split on `;` and `=`, quotes removed.
 */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export interface ContentType {
  type: string;
  parameters: Record<string, string>;
}

export function parse(header: string | { headers?: Record<string, unknown> }): ContentType {
  const value = typeof header === 'string' ? header : String(header?.headers?.['content-type'] ?? '');
  const [type = '', ...rest] = value.split(';');
  const mediaType = type.trim().toLowerCase();
  if (!TOKEN.test(mediaType)) throw new TypeError('invalid media type');
  const parameters: Record<string, string> = Object.create(null);
  for (const part of rest) {
    const i = part.indexOf('=');
    if (i > 0) parameters[part.slice(0, i).trim().toLowerCase()] = part.slice(i + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return { type: mediaType, parameters };
}

export function format(obj: ContentType): string {
  if (!obj || !TOKEN.test(obj.type)) throw new TypeError('invalid type');
  return [obj.type, ...Object.entries(obj.parameters ?? {}).map(([k, v]) => `${k}=${JSON.stringify(String(v))}`)].join('; ');
}

const TYPE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
export const isTokenValid = (token: string): boolean => TYPE.test(token);
export const isTypeValid = (type: string): boolean => TOKEN.test(type);

export default { parse, format, isTokenValid, isTypeValid };
