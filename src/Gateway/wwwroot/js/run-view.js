// Draws one run: each sub-agent's status, the thinking as it streams, each tool call with its duration and result
// summary, and the final report (markdown, with charts from the structured result). Updates in place as events come.

import { h, replace, formatMs } from './dom.js';
import { renderMarkdown } from './markdown.js';
import { reportCharts } from './chart-data.js';
import { isLive, toolResults } from './run-model.js';
import { barChart } from './charts.js';

const STATUS_TEXT = {
  waiting: 'waiting', running: 'running', done: 'done', failed: 'failed', retrying: 'retrying', skipped: 'skipped', stopped: 'stopped',
};
const RUN_TEXT = { queued: 'Queued', running: 'Working…', completed: 'Done', failed: 'Failed', cancelled: 'Stopped' };

function savingsChart(result) {
  const actions = Array.isArray(result?.actions) ? result.actions : [];
  const items = actions.filter((a) => typeof a.saving_usd === 'number' && a.saving_usd > 0)
    .map((a) => ({ label: a.title ?? `action ${a.rank}`, value: a.saving_usd }));
  return items.length ? barChart({ title: 'Estimated saving by action', items, format: (v) => `$${v.toFixed(2)}` }) : null;
}

export class RunView {
  constructor(run) {
    this.run = run;
    this.agentItems = new Map();
    this.toolItems = new Map();
    this.reportShown = false;
    this.status = h('span', { class: 'run-status', role: 'status' });
    this.agents = h('ul', { class: 'sub-agents', 'aria-label': 'Sub-agents' });
    this.thinkingList = h('ol', { class: 'thinking-list' });
    this.thinking = h('details', { class: 'thinking', open: true },
      h('summary', null, 'Thinking'), this.thinkingList);
    this.tools = h('ul', { class: 'tool-calls', 'aria-label': 'Tool calls' });
    this.report = h('div', { class: 'report-slot' });
    this.error = h('p', { class: 'run-error', role: 'alert', hidden: true });
    this.element = h('article', { class: 'run', dataset: { runId: run.id }, 'aria-label': 'Agent run' },
      h('header', { class: 'run-head' }, h('span', { class: 'avatar', 'aria-hidden': 'true' }, 'N'), h('strong', null, 'Netra'), this.status),
      this.agents, this.thinking, this.tools, this.error, this.report);
    this.update();
  }

  update() {
    const run = this.run;
    this.element.dataset.status = run.status;
    this.status.textContent = RUN_TEXT[run.status] ?? run.status;
    this.status.dataset.status = run.status;
    for (const step of run.agents.values()) this.updateAgent(step);
    this.agents.hidden = run.agents.size === 0;
    this.updateThinking();
    for (const call of run.tools.values()) this.updateTool(call);
    this.tools.hidden = run.tools.size === 0;
    if (run.error) {
      this.error.hidden = false;
      this.error.textContent = run.status === 'cancelled' ? `Stopped: ${run.error}` : run.error;
    }
    if (run.report !== null && !this.reportShown) this.showReport();
    if (!isLive(run)) this.thinking.open = false;
  }

  updateAgent(step) {
    let item = this.agentItems.get(step.name);
    if (!item) {
      item = {
        li: h('li', { class: 'sub-agent', testid: 'sub-agent', dataset: { agent: step.name } }),
        badge: h('span', { class: 'badge' }),
        detail: h('span', { class: 'detail' }),
      };
      item.li.append(h('span', { class: 'dot', 'aria-hidden': 'true' }), h('span', { class: 'name' }, step.name), item.badge, item.detail);
      this.agentItems.set(step.name, item);
      this.agents.append(item.li);
    }
    item.li.dataset.status = step.status;
    item.badge.textContent = STATUS_TEXT[step.status] ?? step.status;
    item.detail.textContent = step.status === 'retrying'
      ? `attempt ${step.attempt ?? ''} failed${step.error ? `: ${step.error}` : ''}; retrying${step.nextAttemptMs ? ` in ${formatMs(step.nextAttemptMs)}` : ''}`
      : step.status === 'failed' ? step.error ?? '' : '';
    item.li.title = step.summary ?? '';
  }

  updateThinking() {
    const entries = this.run.thinking;
    this.thinking.hidden = entries.length === 0;
    const items = this.thinkingList.children;
    entries.forEach((entry, i) => {
      let li = items[i];
      if (!li) {
        li = h('li', { class: entry.log ? 'log' : null }, h('span', { class: 'who' }, entry.agent), h('span', { class: 'text' }));
        this.thinkingList.append(li);
      }
      const text = li.lastChild;
      if (text.textContent !== entry.text) text.textContent = entry.text;
      li.classList.toggle('streaming', Boolean(entry.streaming) && isLive(this.run));
    });
  }

  updateTool(call) {
    let item = this.toolItems.get(call.key);
    if (!item) {
      item = {
        li: h('li', { class: 'tool-call', testid: 'tool-call', dataset: { tool: call.tool } }),
        state: h('span', { class: 'badge' }),
        duration: h('span', { class: 'duration' }),
        summary: h('p', { class: 'summary' }),
      };
      const params = call.parameters && Object.keys(call.parameters).length ? JSON.stringify(call.parameters) : 'no parameters';
      item.li.append(
        h('div', { class: 'tool-head' }, h('code', { class: 'tool-name' }, call.tool), h('span', { class: 'agent' }, call.agent), item.state, item.duration),
        h('p', { class: 'params' }, params), item.summary);
      this.toolItems.set(call.key, item);
      this.tools.append(item.li);
    }
    item.li.dataset.status = call.status;
    item.state.textContent = call.status === 'done' ? (call.insufficient ? 'not enough data' : 'done') : call.status;
    item.duration.textContent = call.durationMs !== undefined ? formatMs(call.durationMs) : '';
    item.summary.textContent = call.summary ?? '';
    item.summary.hidden = !call.summary;
  }

  showReport() {
    this.reportShown = true;
    const charts = this.run.result ? [...reportCharts(this.run.result, toolResults(this.run)), savingsChart(this.run.result)].filter(Boolean) : [];
    replace(this.report, h('section', { class: 'report', testid: 'report', 'aria-label': 'Report' },
      renderMarkdown(this.run.report),
      charts.length ? h('div', { class: 'charts' }, h('h2', null, 'Charts'), charts) : null));
  }
}
