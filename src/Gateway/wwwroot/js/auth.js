// Sign-in. With development tokens (the embedded default) the page signs in by itself as a local user whose name is
// kept in localStorage, and "Switch user" takes another name. Otherwise it asks for a bearer token, kept in
// sessionStorage (this tab only).

import { $ } from './dom.js';
import { api, request } from './api.js';

const USER_KEY = 'netra.user';
const TOKEN_KEY = 'netra.token';
const DEFAULT_USER = 'local-user';
const USER_ID = /^[A-Za-z0-9._@-]{1,128}$/;
let devTokens = null; // unknown until the gateway is asked
let user = null;

export const currentUser = () => user;

/** The JWT's sub, for the label; the server checks the token, not this. */
function subject(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload.padEnd(Math.ceil(payload.length / 4) * 4, '='))).sub ?? 'token user';
  } catch {
    return 'token user';
  }
}

async function devSignIn(name) {
  const { access_token: token } = await api.devToken(name);
  devTokens = true;
  localStorage.setItem(USER_KEY, name);
  sessionStorage.removeItem(TOKEN_KEY);
  user = name;
  return token;
}

/** Signs in without asking when it can: a token of this tab, else a dev token for the remembered (or default) user. */
export async function signIn(onSignedIn) {
  const bearer = sessionStorage.getItem(TOKEN_KEY);
  if (bearer) {
    user = subject(bearer);
    await onSignedIn(bearer, user);
    return;
  }
  const name = localStorage.getItem(USER_KEY) || DEFAULT_USER;
  try {
    await onSignedIn(await devSignIn(USER_ID.test(name) ? name : DEFAULT_USER), user);
  } catch (error) {
    if (error.status !== 404 && error.status !== 405) throw error;
    devTokens = false;
    showSignIn({ message: '', onSignedIn });
  }
}

export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  user = null;
}

/** Shows the sign-in form: a user name when dev tokens work, else a bearer token. */
export function showSignIn({ message, onSignedIn, cancellable = false, user: name = null }) {
  const section = $('#signin');
  const devForm = $('#dev-form');
  const tokenForm = $('#token-form');
  const cancel = $('#signin-cancel');
  const say = (text) => { $('#signin-message').textContent = text; };
  say(message ?? '');
  section.hidden = false;
  document.body.classList.add('signing-in');
  devForm.hidden = devTokens === false;
  tokenForm.hidden = devTokens !== false;
  cancel.hidden = !cancellable;
  $('#dev-user').value = name ?? localStorage.getItem(USER_KEY) ?? DEFAULT_USER;
  const close = () => { section.hidden = true; document.body.classList.remove('signing-in'); };

  devForm.onsubmit = async (e) => {
    e.preventDefault();
    const value = $('#dev-user').value.trim();
    if (!USER_ID.test(value)) { say('A user name has 1 to 128 letters, digits, ".", "_", "@" or "-".'); return; }
    try {
      const token = await devSignIn(value);
      close();
      await onSignedIn(token, value);
    } catch (error) {
      if (error.status === 404) { devTokens = false; devForm.hidden = true; tokenForm.hidden = false; }
      say(`Could not sign in: ${error.message}`);
    }
  };
  tokenForm.onsubmit = async (e) => {
    e.preventDefault();
    const token = $('#token-input').value.trim().replace(/^Bearer\s+/i, '');
    try {
      await request('GET', '/api/threads', { headers: { Authorization: `Bearer ${token}` }, anonymous: true });
    } catch (error) {
      say(error.status === 401 ? 'The gateway refused that token: it is missing, expired or not signed by a trusted issuer.' : `Could not sign in: ${error.message}`);
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, token);
    user = subject(token);
    close();
    await onSignedIn(token, user);
  };
  cancel.onclick = close;
  (devForm.hidden ? $('#token-input') : $('#dev-user')).focus();
}
