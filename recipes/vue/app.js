// A Vue 3 app with the elements, no build step. Render functions rather than templates: Vue compiles templates
// in the browser with `new Function`, which a strict CSP (no 'unsafe-eval') forbids. With a build step (Vite,
// vue-cli) templates are compiled ahead of time and `<matrix-room :room="room" @matrix-error="onError" />` works.
import { createApp, h, reactive } from 'https://cdn.jsdelivr.net/npm/vue@3.5.45/dist/vue.esm-browser.prod.js';

const homeserver = 'https://matrix.example.org';
const state = reactive({ room: '#lobby:example.org', error: '', joined: '' });

const app = createApp({
  render: () => [
    h('form', {
      onSubmit: (e) => {
        e.preventDefault();
        state.error = '';
        state.room = new FormData(e.target).get('room');
      },
    }, [
      h('label', ['Room ', h('input', { name: 'room', value: state.room })]),
      h('button', { type: 'submit' }, 'Show'),
    ]),
    // `onMatrixError` listens to `matrix-error`, `onMatrixAfterJoin` to `matrix-after-join`.
    h('matrix-join-button', {
      room: state.room,
      homeserver,
      onMatrixAfterJoin: (e) => { state.joined = e.detail.roomId; },
      onMatrixError: (e) => { state.error = e.detail.message; },
    }),
    h('p', { role: 'status' }, state.joined ? `Joined ${state.joined}` : ''),
    h('p', { role: 'alert' }, state.error),
    h('matrix-room', {
      room: state.room,
      homeserver,
      onMatrixError: (e) => { state.error = e.detail.message; },
    }),
  ],
});
// The tags are custom elements, not Vue components (needed for templates; harmless with render functions).
app.config.compilerOptions.isCustomElement = (tag) => tag.startsWith('matrix-');
app.mount('#app');
