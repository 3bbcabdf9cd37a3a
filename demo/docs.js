// The docs page's own script: a page link that opens the launcher, and a line that follows its state.
// (An external file: the demo works under a strict CSP without 'unsafe-inline'.)
const launcher = document.querySelector('matrix-chat-launcher');
const status = document.getElementById('status');
document.getElementById('ask').addEventListener('click', async () => {
  await customElements.whenDefined('matrix-chat-launcher');
  launcher.toggle(true);
});
launcher.addEventListener('matrix-launcher-toggle', (e) => {
  status.textContent = e.detail.open ? 'The chat is open.' : 'The chat is closed.';
});
