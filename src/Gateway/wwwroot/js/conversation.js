// The selected thread: its messages and past runs (from HTTP), then its live runs (from the socket). Events that
// arrive while the history loads wait and are applied after it; each run applies an event once, by seq.

import { h, replace } from './dom.js';
import { api } from './api.js';
import { renderMarkdown } from './markdown.js';
import { newRun, fromRunView, applyEvent, isLive } from './run-model.js';
import { RunView } from './run-view.js';

const EVENTS_FOR_LATEST_RUNS = 10;
export const EXAMPLES = [
  'Where is my LLM spend going, and how do I cut it 30% without p95 going over 2 s?',
  'What is slow in the dataset demo over the last 7 days?',
  'How much would prompt caching save?',
  'Give me an overview of my workload.',
];

export class Conversation {
  /** @param {object} options root, onExample(text), onChange() (a run started or ended), onError(message). */
  constructor({ root, onExample, onChange, onError }) {
    this.root = root;
    this.onExample = onExample;
    this.onChange = onChange;
    this.onError = onError;
    this.threadId = null;
    this.loading = false;
    this.buffer = [];
    this.runs = new Map();
    this.pending = [];
    this.generation = 0;
    this.showExamples();
  }

  /** The newest run of this thread that is still queued or running. */
  get activeRun() {
    return [...this.runs.values()].map((r) => r.run).filter(isLive).at(-1) ?? null;
  }

  showExamples() {
    replace(this.root, h('div', { class: 'empty-thread' },
      h('h2', null, 'Ask Netra about your LLM workload'),
      h('p', null, 'Netra\'s supervisor and its sub-agents analyse your request telemetry: cost, latency, caching and routing. Try:'),
      h('ul', { class: 'examples' }, EXAMPLES.map((text) => h('li', null,
        h('button', { type: 'button', class: 'example', onclick: () => this.onExample(text) }, text))))));
  }

  /** Shows a thread (null: a new conversation) with its history. */
  async show(threadId) {
    const generation = ++this.generation;
    this.threadId = threadId;
    this.runs = new Map();
    this.pending = [];
    this.buffer = [];
    if (!threadId) { this.loading = false; this.showExamples(); this.onChange(); return; }
    this.loading = true;
    replace(this.root, h('p', { class: 'loading', role: 'status' }, 'Loading the conversation…'));
    try {
      const [messages, runs] = await Promise.all([api.messages(threadId), api.runs(threadId)]);
      const views = [...(runs.runs ?? [])].reverse(); // oldest first
      const withEvents = new Set(views.slice(-EVENTS_FOR_LATEST_RUNS).map((r) => r.id));
      const models = await Promise.all(views.map(async (view) => {
        if (!withEvents.has(view.id)) return fromRunView(view);
        try {
          const run = newRun(view.id, threadId, view.message);
          for (const envelope of await api.runEvents(view.id)) applyEvent(run, envelope);
          if (run.seen.size === 0) return fromRunView(view);
          return run;
        } catch {
          return fromRunView(view);
        }
      }));
      if (generation !== this.generation) return;
      this.render(messages, models);
    } catch (error) {
      if (generation !== this.generation) return;
      replace(this.root, h('p', { class: 'error-text', role: 'alert' }, `Could not load the conversation: ${error.message}`));
    }
    this.loading = false;
    for (const envelope of this.buffer.splice(0)) this.apply(envelope);
    this.onChange();
  }

  render(messages, models) {
    replace(this.root);
    const byId = new Map(models.map((run) => [run.id, run]));
    const shown = new Set();
    for (const message of messages) {
      const run = message.run_id ? byId.get(message.run_id) : null;
      if (message.role === 'user') {
        this.root.append(userBubble(message.content));
        if (run && !shown.has(run.id)) { this.addRun(run, false); shown.add(run.id); }
      } else if (!(run && shown.has(run.id) && run.report !== null)) {
        this.root.append(h('div', { class: 'message assistant' }, h('section', { class: 'report', testid: 'report' }, renderMarkdown(message.content))));
      }
    }
    for (const run of models) if (!shown.has(run.id)) { this.root.append(userBubble(run.message)); this.addRun(run, false); }
    if (messages.length === 0 && models.length === 0) this.showExamples();
    this.scroll();
  }

  addRun(run, scroll = true) {
    this.root.querySelector('.empty-thread')?.remove();
    const view = new RunView(run);
    this.runs.set(run.id, { run, view });
    this.root.append(view.element);
    if (scroll) this.scroll();
    return this.runs.get(run.id);
  }

  /** A message sent but not yet started: shown until its run's first event arrives. */
  addPending(text) {
    this.root.querySelector('.empty-thread')?.remove();
    const bubble = userBubble(text, true);
    this.pending.push({ text, bubble });
    this.root.append(bubble);
    this.scroll();
  }

  /** An event of the user's stream; those of other threads are ignored here. */
  apply(envelope) {
    const { thread_id: threadId, run_id: runId } = envelope.metadata ?? {};
    if (!runId || threadId !== this.threadId) return;
    if (this.loading) { this.buffer.push(envelope); return; }
    let entry = this.runs.get(runId);
    if (!entry) {
      const run = newRun(runId, threadId, envelope.data?.message ?? '');
      const index = this.pending.findIndex((p) => p.text === run.message);
      const pending = index >= 0 ? this.pending.splice(index, 1)[0] : null;
      if (pending) pending.bubble.classList.remove('pending');
      else this.root.append(userBubble(run.message));
      entry = this.addRun(run);
    }
    const wasLive = isLive(entry.run);
    if (!applyEvent(entry.run, envelope)) return;
    const nearBottom = this.root.scrollHeight - this.root.scrollTop - this.root.clientHeight < 160;
    entry.view.update();
    if (nearBottom) this.scroll();
    if (wasLive !== isLive(entry.run) || envelope.type === 'agent_started') this.onChange();
  }

  scroll() { this.root.scrollTop = this.root.scrollHeight; }
}

function userBubble(text, pending = false) {
  return h('div', { class: `message user${pending ? ' pending' : ''}` }, h('p', null, text));
}
