import { useState, type FormEvent } from 'react';
import { signIn, type ApiError } from '../api/client.js';
import { ErrorMessage } from '../components/error-message.js';

/** Asked once per tab when the server has a token; the token stays in sessionStorage. */
export function LoginPage({ hadToken, onSignedIn }: { hadToken: boolean; onSignedIn: () => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await signIn(token.trim());
      onSignedIn();
    } catch (e) {
      setError(e as ApiError);
    }
  };
  return (
    <main className="login">
      <h1>Atelier</h1>
      <form onSubmit={submit}>
        <p>{hadToken ? 'The server refused the saved token.' : 'This server needs an access token.'}</p>
        <label>
          Token
          <input type="password" value={token} onChange={(e) => setToken(e.target.value)} autoFocus required autoComplete="current-password" />
        </label>
        <button type="submit">Sign in</button>
        <ErrorMessage error={error} />
      </form>
    </main>
  );
}
