// The threads sidebar: list, create, rename (inline) and delete (with an inline confirmation).

import { h, replace } from './dom.js';
import { api } from './api.js';

export class ThreadSidebar {
  /** @param {object} options list (the <ul>), onSelect(thread|null), onError(message). */
  constructor({ list, onSelect, onError }) {
    this.list = list;
    this.onSelect = onSelect;
    this.onError = onError;
    this.threads = [];
    this.selectedId = null;
  }

  get selected() { return this.threads.find((t) => t.id === this.selectedId) ?? null; }

  has(id) { return this.threads.some((t) => t.id === id); }

  async load() {
    try {
      this.threads = await api.threads();
    } catch (error) {
      this.onError(`Could not load your threads: ${error.message}`);
      this.threads = [];
    }
    this.render();
    return this.threads;
  }

  /** Marks a thread busy or idle without a round trip (from live events). */
  setActive(id, active) {
    const thread = this.threads.find((t) => t.id === id);
    if (thread && Boolean(thread.active_run_id) !== active) {
      thread.active_run_id = active ? 'live' : null;
      this.render();
    }
  }

  async create() {
    try {
      const thread = await api.createThread();
      this.threads.unshift(thread);
      this.select(thread.id);
      return thread;
    } catch (error) {
      this.onError(`Could not create a thread: ${error.message}`);
      return null;
    }
  }

  select(id) {
    this.selectedId = id;
    this.render();
    this.onSelect(this.selected);
  }

  render() {
    replace(this.list, this.threads.length === 0
      ? h('li', { class: 'empty' }, 'No threads yet. Ask a question to start one.')
      : this.threads.map((thread) => this.item(thread)));
  }

  item(thread) {
    const current = thread.id === this.selectedId;
    const open = h('button', {
      class: 'thread-open', type: 'button', 'aria-current': current ? 'true' : null, onclick: () => this.select(thread.id),
    }, h('span', { class: 'thread-title' }, thread.title), thread.active_run_id ? h('span', { class: 'busy', title: 'A run is active' }, '●') : null);
    const rename = h('button', { class: 'icon', type: 'button', title: 'Rename', 'aria-label': `Rename ${thread.title}`, onclick: () => this.editTitle(li, thread) }, '✎');
    const remove = h('button', { class: 'icon', type: 'button', title: 'Delete', 'aria-label': `Delete ${thread.title}`, onclick: () => this.confirmDelete(li, thread) }, '✕');
    const li = h('li', { class: `thread-item${current ? ' selected' : ''}`, testid: 'thread-item', dataset: { threadId: thread.id } },
      open, h('span', { class: 'thread-actions' }, rename, remove));
    return li;
  }

  editTitle(li, thread) {
    const input = h('input', { type: 'text', value: thread.title, maxlength: '200', 'aria-label': 'Thread title', class: 'rename-input' });
    let finished = false;
    const done = async (save) => {
      if (finished) return;
      finished = true;
      const title = input.value.trim();
      if (save && title && title !== thread.title) {
        try {
          Object.assign(thread, await api.renameThread(thread.id, title));
        } catch (error) {
          this.onError(`Could not rename the thread: ${error.message}`);
        }
      }
      this.render();
      this.list.querySelector(`[data-thread-id="${CSS.escape(thread.id)}"] .thread-open`)?.focus();
    };
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') { e.preventDefault(); done(true); }
      if (e.key === 'Escape') { e.preventDefault(); done(false); }
    });
    input.addEventListener('blur', () => done(true));
    replace(li, h('form', { class: 'rename-form', onsubmit: (e) => { e.preventDefault(); done(true); } }, input));
    input.focus();
    input.select();
  }

  confirmDelete(li, thread) {
    const yes = h('button', { type: 'button', class: 'danger', onclick: () => this.remove(thread) }, 'Delete');
    const no = h('button', { type: 'button', onclick: () => this.render() }, 'Keep');
    replace(li, h('div', { class: 'confirm', role: 'group', 'aria-label': 'Confirm delete' }, h('span', null, `Delete “${thread.title}”?`), yes, no));
    no.focus();
  }

  async remove(thread) {
    try {
      await api.deleteThread(thread.id);
      this.threads = this.threads.filter((t) => t.id !== thread.id);
      if (this.selectedId === thread.id) this.select(null);
      else this.render();
    } catch (error) {
      this.onError(`Could not delete the thread: ${error.message}`);
      this.render();
    }
  }
}
