// Wires the page: sign-in, the socket, the threads sidebar, the conversation, the composer and the data panel.

import { $ } from './dom.js';
import { api, setToken, setUnauthorizedHandler, ApiError } from './api.js';
import { ChatSocket } from './socket.js';
import { ThreadSidebar } from './threads.js';
import { Conversation } from './conversation.js';
import { UploadPanel } from './upload.js';
import { signIn, signOut, showSignIn, currentUser } from './auth.js';

const STATUS_TEXT = { connected: 'Connected', connecting: 'Connecting…', reconnecting: 'Reconnecting…', offline: 'Offline' };
const status = $('#connection-status');
const input = $('#message-input');
const sendButton = $('#send-button');
const stopButton = $('#stop-button');
let pendingNewThread = false;

function notify(text) {
  $('#notice-text').textContent = text;
  $('#notice').hidden = !text;
}
$('#notice-close').addEventListener('click', () => notify(''));

const socket = new ChatSocket({
  onStatus: (state, detail) => {
    status.dataset.state = state;
    status.textContent = STATUS_TEXT[state] ?? state;
    status.title = detail;
  },
  onEvent: (envelope) => onEvent(envelope),
  onError: (data) => notify(`The server refused that: ${data.message ?? data.code ?? 'unknown error'}`),
  probe: () => api.threads().catch(() => {}), // a 401 here sends the user back to sign-in
});

const sidebar = new ThreadSidebar({
  list: $('#thread-list'),
  onSelect: (thread) => {
    history.replaceState(null, '', thread ? `#thread=${encodeURIComponent(thread.id)}` : location.pathname);
    closeNav();
    conversation.show(thread?.id ?? null);
  },
  onError: notify,
});

const conversation = new Conversation({
  root: $('#conversation'),
  onExample: (text) => { input.value = text; send(); },
  onChange: () => updateStop(),
  onError: notify,
});

new UploadPanel($('#data-panel'));

async function onEvent(envelope) {
  const { thread_id: threadId } = envelope.metadata ?? {};
  const ended = envelope.type === 'agent_completed' || envelope.type === 'agent_error';
  if (threadId && !sidebar.has(threadId)) {
    // A run on a thread this page has not listed: one a message without a thread made, or another tab's.
    const adopt = pendingNewThread && envelope.type === 'agent_started';
    if (adopt) {
      pendingNewThread = false;
      conversation.threadId = threadId; // so the events that follow wait for the history instead of being lost
      conversation.loading = true;
    }
    await sidebar.load();
    if (adopt) sidebar.select(threadId);
  }
  if (threadId) sidebar.setActive(threadId, !ended);
  conversation.apply(envelope);
  updateStop();
}

function updateStop() {
  const run = conversation.activeRun;
  stopButton.hidden = !run;
  stopButton.disabled = false;
  stopButton.dataset.runId = run?.id ?? '';
}

async function send() {
  const text = input.value.trim();
  if (!text) { input.focus(); return; }
  const thread = sidebar.selected;
  input.value = '';
  conversation.addPending(text);
  if (socket.send('user_message', thread ? { message: text, thread_id: thread.id } : { message: text })) {
    if (!thread) pendingNewThread = true;
    return;
  }
  // The socket is down: start the run over HTTP; its events arrive when the socket is back (after_seq).
  try {
    const target = thread ?? await sidebar.create();
    if (target) await api.startRun(target.id, text);
  } catch (error) {
    notify(`Could not send the message: ${error.message}`);
  }
}

$('#composer').addEventListener('submit', (e) => { e.preventDefault(); send(); });
input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); send(); }
});

stopButton.addEventListener('click', async () => {
  const runId = stopButton.dataset.runId;
  if (!runId) return;
  stopButton.disabled = true;
  if (socket.send('stop_agent', { run_id: runId })) return;
  try { await api.cancelRun(runId); } catch (error) { notify(`Could not stop the run: ${error.message}`); stopButton.disabled = false; }
});

$('#new-thread').addEventListener('click', () => sidebar.create());

// Narrow screens: the sidebar is a drawer.
const navToggle = $('#nav-toggle');
function closeNav() { document.body.classList.remove('nav-open'); navToggle.setAttribute('aria-expanded', 'false'); }
navToggle.addEventListener('click', () => {
  const open = document.body.classList.toggle('nav-open');
  navToggle.setAttribute('aria-expanded', String(open));
  if (open) $('#sidebar button')?.focus();
});
document.addEventListener('keydown', (e) => { if (e.key === 'Escape') { closeNav(); } });

const dataToggle = $('#data-toggle');
function setData(open) {
  $('#data-panel').hidden = !open;
  dataToggle.setAttribute('aria-expanded', String(open));
  document.body.classList.toggle('data-open', open);
  if (open) $('#dataset-name').focus();
}
dataToggle.addEventListener('click', () => setData($('#data-panel').hidden));
$('#data-close').addEventListener('click', () => { setData(false); dataToggle.focus(); });

async function start(token, user) {
  setToken(token);
  $('#user-label').textContent = user;
  $('#signin').hidden = true;
  $('#app').hidden = false;
  notify('');
  try {
    await api.threads(); // a refused token goes back to sign-in (the 401 handler) before the socket tries it
  } catch (error) {
    if (error.status === 401) return;
  }
  socket.start(token);
  await sidebar.load();
  const wanted = /#thread=([^&]+)/.exec(location.hash)?.[1];
  const id = wanted ? decodeURIComponent(wanted) : null;
  sidebar.select(id && sidebar.has(id) ? id : null);
  input.focus();
}

function stop() {
  socket.stop();
  setToken(null);
  $('#app').hidden = true;
  sidebar.threads = [];
  sidebar.selectedId = null;
  conversation.show(null);
}

setUnauthorizedHandler(() => {
  stop();
  showSignIn({ message: 'Your sign-in was refused or has expired. Sign in again.', onSignedIn: start });
});

$('#switch-user').addEventListener('click', () => {
  showSignIn({ message: '', onSignedIn: (token, user) => { stop(); start(token, user); }, cancellable: true, user: currentUser() });
});

// Test and debugging hooks: what the socket applied, and a way to drop it as a network failure would.
window.netra = Object.freeze({
  dropConnection: (holdMs = 0) => socket.drop(holdMs),
  get appliedSeqs() { return [...socket.applied]; },
  get duplicatesDropped() { return socket.duplicates; },
  get lastSeq() { return socket.lastSeq; },
  signOut: () => { signOut(); stop(); },
});

signIn(start).catch((error) => {
  showSignIn({ message: error instanceof ApiError ? error.message : String(error), onSignedIn: start });
});
