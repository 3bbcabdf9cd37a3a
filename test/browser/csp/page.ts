// The CSP test page's only script (inline scripts are blocked there): it records every CSP violation, points the
// elements at the homeserver named in the query string, and loads the library from src/.
const violations: string[] = [];
document.addEventListener('securitypolicyviolation', (e) => {
  violations.push(`${e.effectiveDirective}: ${e.blockedURI || e.sample || 'inline'}`);
});
(globalThis as unknown as { cspViolations: string[] }).cspViolations = violations;

const params = new URLSearchParams(location.search);
const homeserver = params.get('homeserver') ?? '';
const room = params.get('room') ?? '';
for (const el of document.querySelectorAll('matrix-login, matrix-join-button, matrix-room')) {
  el.setAttribute('homeserver', homeserver);
  if (el.localName !== 'matrix-login') el.setAttribute('room', room);
}
await import('../../../src/index.ts');
export {};
