import './styles.css';
import { ApiClient } from './api/api-client.ts';
import { needsSignIn, setSession } from './state/session.ts';

/**
 * The page's entry: asks who is signed in, then shows the sign-in page or loads the
 * explorer. With sign-in off (one analyst on a laptop) it goes straight to the explorer.
 */
const root = document.getElementById('app');
if (!root) throw new Error('index.html lacks #app');
const api = new ApiClient();
// An unreachable server still gets the explorer, whose banner says the server is down.
const session = await api.session().catch(() => ({ mode: 'off' as const, user: null }));
setSession(session);
if (needsSignIn(session)) {
  const { mountSignInPage } = await import('./panels/sign-in-page.ts');
  mountSignInPage(
    root,
    (username, password) => api.signIn(username, password),
    () => location.reload(),
  );
  document.body.dataset.ready = 'true';
} else {
  await import('./main.ts');
}
