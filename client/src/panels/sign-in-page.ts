import type { SignedInUser } from '../../../server/api-types.ts';
import { el } from './dom.ts';

/**
 * The page shown instead of the explorer while nobody is signed in. It only collects the
 * name and password; `signIn` (given by the caller) talks to the server.
 */
export function mountSignInPage(
  root: HTMLElement,
  signIn: (username: string, password: string) => Promise<SignedInUser>,
  onSignedIn: () => void,
): void {
  const username = el('input', {
    className: 'sign-in-input',
    testId: 'sign-in-username',
    attrs: {
      id: 'sign-in-username',
      name: 'username',
      autocomplete: 'username',
      autocapitalize: 'none',
      spellcheck: 'false',
      required: '',
    },
  });
  const password = el('input', {
    className: 'sign-in-input',
    testId: 'sign-in-password',
    attrs: {
      id: 'sign-in-password',
      name: 'password',
      type: 'password',
      autocomplete: 'current-password',
      required: '',
    },
  });
  const message = el('p', {
    className: 'sign-in-message error-text',
    testId: 'sign-in-message',
    attrs: { role: 'alert' },
  });
  const submit = el('button', {
    className: 'sign-in-submit',
    testId: 'sign-in-submit',
    text: 'Sign in',
    attrs: { type: 'submit' },
  });
  const form = el(
    'form',
    { className: 'sign-in-card', attrs: { 'aria-labelledby': 'sign-in-title', novalidate: '' } },
    [
      el('div', { className: 'brand sign-in-brand' }, [
        el('span', { className: 'brand-mark', text: '◆' }),
        el('span', { text: 'Entente' }),
      ]),
      el('h1', { className: 'sign-in-title', text: 'Sign in', attrs: { id: 'sign-in-title' } }),
      el('p', {
        className: 'sign-in-lead',
        text: 'This explorer is shared by a team. Sign in with the account your administrator gave you.',
      }),
      el('label', {
        className: 'sign-in-label',
        text: 'Username',
        attrs: { for: 'sign-in-username' },
      }),
      username,
      el('label', {
        className: 'sign-in-label',
        text: 'Password',
        attrs: { for: 'sign-in-password' },
      }),
      password,
      message,
      submit,
    ],
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (username.value.trim() === '' || password.value === '') {
      message.textContent = 'Enter your username and password.';
      (username.value.trim() === '' ? username : password).focus();
      return;
    }
    submit.disabled = true;
    message.textContent = '';
    signIn(username.value.trim(), password.value).then(onSignedIn, (error: unknown) => {
      submit.disabled = false;
      password.value = '';
      password.focus();
      message.textContent =
        error instanceof Error ? error.message : 'Signing in failed; try again.';
    });
  });
  root.replaceChildren(el('main', { className: 'sign-in-page' }, [form]));
  username.focus();
}

/** Why the server sent the browser back from single sign-on without a session. */
const SINGLE_SIGN_ON_REFUSALS: Record<string, string> = {
  SSO_NO_ROLE:
    'Your account at the sign-on provider is in no group that Entente gives a role to. Ask your administrator to add you to one.',
  SSO_NAME_TAKEN:
    'Your user name already belongs to another Entente account. Ask your administrator.',
  SSO_FAILED: 'Single sign-on did not complete (it expired or was interrupted). Try again.',
};

/**
 * The sign-in page with single sign-on (ENTENTE_AUTH=oidc): one button that sends the
 * browser to the provider through `startPath`. `refusal` is the code the server sent the
 * browser back with after a refused sign-in; only known codes pick a message.
 */
export function mountSingleSignOnPage(
  root: HTMLElement,
  startPath: string,
  refusal: string | null,
): void {
  const message = el('p', {
    className: 'sign-in-message error-text',
    testId: 'sign-in-message',
    text:
      refusal === null ? '' : (SINGLE_SIGN_ON_REFUSALS[refusal] ?? 'Signing in failed; try again.'),
    attrs: { role: 'alert' },
  });
  // A navigation, not a form: the page's CSP (form-action 'self') would stop a form
  // submission at the server's redirect to the provider.
  const start = el('button', {
    className: 'sign-in-submit',
    testId: 'sign-in-sso',
    text: 'Sign in with single sign-on',
    attrs: { type: 'button' },
    on: { click: () => location.assign(startPath) },
  });
  const card = el(
    'section',
    { className: 'sign-in-card sign-in-sso', attrs: { 'aria-labelledby': 'sign-in-title' } },
    [
      el('div', { className: 'brand sign-in-brand' }, [
        el('span', { className: 'brand-mark', text: '◆' }),
        el('span', { text: 'Entente' }),
      ]),
      el('h1', { className: 'sign-in-title', text: 'Sign in', attrs: { id: 'sign-in-title' } }),
      el('p', {
        className: 'sign-in-lead',
        text: 'This explorer is shared by a team. Sign in with your organisation’s account.',
      }),
      message,
      start,
    ],
  );
  root.replaceChildren(el('main', { className: 'sign-in-page' }, [card]));
  start.focus();
}

/** Who is signed in, with sign-out, for the top bar. */
export function createUserBadge(user: SignedInUser, signOut: () => void): HTMLElement {
  return el('div', { className: 'user-badge', testId: 'user-badge' }, [
    el('span', {
      className: 'user-name',
      testId: 'user-name',
      text: user.username,
      title: `Signed in as ${user.username} (${user.role})`,
    }),
    el('span', { className: 'user-role', testId: 'user-role', text: user.role }),
    el('button', {
      className: 'tool',
      testId: 'sign-out',
      text: 'Sign out',
      attrs: { type: 'button' },
      on: { click: signOut },
    }),
  ]);
}
