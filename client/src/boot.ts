import './styles.css';
import { ApiClient } from './api/api-client.ts';
import { publishedLinkToken } from './state/published-link.ts';
import { needsSignIn, setSession } from './state/session.ts';

/**
 * The page's entry: asks who is signed in, then shows the sign-in page or loads the
 * explorer. With sign-in off (one analyst on a laptop) it goes straight to the explorer.
 * A published read-only link (`/#link=…`) shows its investigation alone, with no sign-in.
 */
const root = document.getElementById('app');
if (!root) throw new Error('index.html lacks #app');
const app: HTMLElement = root;
const api = new ApiClient();
// A published read-only link opens its one investigation, signed in or not.
const linkToken = publishedLinkToken(location.hash);
if (linkToken) {
  const { mountPublishedView } = await import('./published-view.ts');
  await mountPublishedView(root, api, linkToken);
  document.body.dataset.ready = 'true';
} else {
  await startExplorer();
}

async function startExplorer(): Promise<void> {
  // An unreachable server still gets the explorer, whose banner says the server is down.
  const session = await api.session().catch(() => ({ mode: 'off' as const, user: null }));
  setSession(session);
  // Single sign-on sends a refused browser back to `/?sign-in-error=CODE`; the page says
  // why once, and the address goes back to plain `/`.
  const address = new URL(location.href);
  const signInRefusal = address.searchParams.get('sign-in-error');
  if (signInRefusal !== null) {
    address.searchParams.delete('sign-in-error');
    history.replaceState(history.state, '', address.href);
  }
  if (needsSignIn(session)) {
    const { mountSignInPage, mountSingleSignOnPage } = await import('./panels/sign-in-page.ts');
    if (session.mode === 'oidc') {
      mountSingleSignOnPage(app, api.singleSignOnPath, signInRefusal);
    } else {
      mountSignInPage(
        app,
        (username, password) => api.signIn(username, password),
        () => location.reload(),
      );
    }
    document.body.dataset.ready = 'true';
  } else {
    await import('./main.ts');
  }
}
