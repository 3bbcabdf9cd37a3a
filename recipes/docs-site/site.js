// A link in the text that opens the chat (an external file: no inline script under a strict CSP).
document.getElementById('ask').addEventListener('click', async (e) => {
  e.preventDefault();
  await customElements.whenDefined('matrix-chat-launcher');
  document.querySelector('matrix-chat-launcher').show();
});
