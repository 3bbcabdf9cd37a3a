// A React 19 app with the elements. React 19 passes `on<event-name>` props of a custom element to
// addEventListener, and sets the other props as properties, so no wrapper is needed.
// (With TypeScript: `import type {} from 'matrix-embed/react'` types the tags, attributes and events.)
import { useState } from 'react';
import { createRoot } from 'react-dom/client';

const homeserver = 'https://matrix.example.org';

function App() {
  const [room, setRoom] = useState('#lobby:example.org');
  const [errors, setErrors] = useState([]);
  const [joined, setJoined] = useState('');
  const onError = (e) => setErrors((list) => [...list, `${e.target.localName}: ${e.detail.errcode ?? ''} ${e.detail.message}`]);

  return (
    <>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setErrors([]);
          setRoom(new FormData(e.currentTarget).get('room'));
        }}
      >
        <label>Room <input name="room" defaultValue={room} /></label>
        <button type="submit">Show</button>
      </form>
      <matrix-join-button
        room={room}
        homeserver={homeserver}
        onmatrix-after-join={(e) => setJoined(e.detail.roomId)}
        onmatrix-error={onError}
      />
      <p role="status">{joined && `Joined ${joined}`}</p>
      <ul aria-label="Errors">{errors.map((m, i) => <li key={i}>{m}</li>)}</ul>
      <matrix-room room={room} homeserver={homeserver} onmatrix-error={onError} />
    </>
  );
}

createRoot(document.getElementById('root')).render(<App />);
