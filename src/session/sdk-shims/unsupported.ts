/** The error every stand-in throws when a feature matrix-embed leaves out is asked for. */
export function unsupported(feature: string): Error {
  return new Error(`${feature} is not supported by matrix-embed`);
}
