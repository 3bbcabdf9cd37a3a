// Serving recipes/ (copy-paste pages for site owners) to the browser tests as they are written, with public
// addresses pointing here: the CDN URL of the package to the built dist/ under a nested path of its own
// (/cdn/matrix-embed@<version>/dist/, as a CDN lays a package out: the loader must find its chunks beside
// itself), Vue's CDN build to node_modules, and example.org to the main test homeserver. The pages are served
// with the strict CSP of SECURITY.md.

/** The rewrites applied to every file under /recipes/ (HTML, JS, the React bundle). Order matters. */
export function recipeRewrites(hs) {
  return [
    ['https://cdn.jsdelivr.net/npm/matrix-embed@0.1.0/dist/', '/cdn/matrix-embed@0.1.0/dist/'],
    ['https://cdn.jsdelivr.net/npm/vue@3.5.45/dist/', '/node_modules/vue/dist/'],
    ['https://matrix.example.org', hs.url],
    ['example.org', hs.serverName],
  ];
}

export function recipesPlugin(hs) {
  const rewrites = recipeRewrites(hs);
  return {
    name: 'matrix-embed-recipes',
    transform(context) {
      if (!context.path.startsWith('/recipes/') || typeof context.body !== 'string') return undefined;
      if (!/\.(html|js)$/.test(context.path)) return undefined;
      let body = context.body;
      for (const [from, to] of rewrites) body = body.split(from).join(to);
      return { body, headers: { 'Cache-Control': 'no-store' } };
    },
  };
}

/** `/cdn/matrix-embed@<v>/dist/X` -> `/dist/X`; the recipe pages get the strict CSP. */
export function recipesMiddleware(strictCsp) {
  return (ctx, next) => {
    const m = /^\/cdn\/matrix-embed@[^/]+\/dist\/(.*)$/.exec(ctx.path);
    if (m) ctx.path = `/dist/${m[1]}`;
    if (ctx.path.startsWith('/recipes/') && ctx.path.endsWith('.html')) ctx.set('Content-Security-Policy', strictCsp);
    return next();
  };
}
