/** The library version, compared when two copies of matrix-embed meet on one page. */
export const VERSION = '0.1.0';
