// Importing a trace file into a named dataset (drag and drop or pick), with upload progress, then the dataset's
// summary. NDJSON goes to POST /api/workloads/events (each line gets the dataset's name); the trace formats of
// ../shared/PROTOCOL.md go to POST /api/workloads/import.

import { h, replace, $, formatMs, formatNumber, formatTime } from './dom.js';
import { api, upload } from './api.js';
import { barChart } from './charts.js';

const DATASET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const CONTENT_TYPES = { ndjson: 'application/x-ndjson', 'azure-csv': 'text/csv', 'mooncake-jsonl': 'application/x-ndjson', 'otlp-json': 'application/json' };

/** Sets each JSON object line's dataset; other lines stay as they are, so the server's line numbers still match. */
export function withDataset(text, dataset) {
  return text.split('\n').map((line) => {
    const trimmed = line.trim();
    if (!trimmed.startsWith('{')) return line;
    try {
      const event = JSON.parse(trimmed);
      return event && typeof event === 'object' && !Array.isArray(event) ? JSON.stringify({ ...event, dataset }) : line;
    } catch {
      return line;
    }
  }).join('\n');
}

export class UploadPanel {
  constructor(root) {
    this.root = root;
    this.form = $('form', root);
    this.file = $('input[type=file]', root);
    this.drop = $('.drop-zone', root);
    this.dataset = $('#dataset-name', root);
    this.format = $('#dataset-format', root);
    this.model = $('#dataset-model', root);
    this.progress = $('progress', root);
    this.status = $('.upload-status', root);
    this.outcome = $('.upload-outcome', root);
    this.summary = $('.dataset-summary', root);
    this.datasets = $('.dataset-list', root);
    this.busy = false;

    this.file.addEventListener('change', () => { if (this.file.files[0]) this.import(this.file.files[0]); });
    for (const type of ['dragenter', 'dragover']) {
      this.drop.addEventListener(type, (e) => { e.preventDefault(); this.drop.classList.add('over'); });
    }
    for (const type of ['dragleave', 'drop']) this.drop.addEventListener(type, () => this.drop.classList.remove('over'));
    this.drop.addEventListener('drop', (e) => {
      e.preventDefault();
      const file = e.dataTransfer?.files?.[0];
      if (file) this.import(file);
    });
    this.format.addEventListener('change', () => this.syncModel());
    this.syncModel();
  }

  syncModel() {
    this.model.closest('label').hidden = !['azure-csv', 'mooncake-jsonl'].includes(this.format.value);
  }

  say(text, kind = 'info') {
    this.status.textContent = text;
    this.status.dataset.kind = kind;
  }

  async import(file) {
    if (this.busy) return;
    const dataset = this.dataset.value.trim();
    if (!DATASET_NAME.test(dataset)) {
      this.say('The dataset name must have 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit.', 'error');
      this.dataset.focus();
      return;
    }
    if (/\.csv$/i.test(file.name) && this.format.value === 'ndjson') this.format.value = 'azure-csv';
    this.syncModel();
    const format = this.format.value;
    this.busy = true;
    this.root.setAttribute('aria-busy', 'true');
    this.progress.hidden = false;
    this.progress.value = 0;
    replace(this.outcome);
    replace(this.summary);
    this.say(`Uploading ${file.name} (${formatNumber(file.size)} bytes)…`);
    const started = performance.now();
    try {
      let path;
      let body;
      if (format === 'ndjson') {
        path = `/api/workloads/events?dataset=${encodeURIComponent(dataset)}`;
        body = withDataset(await file.text(), dataset);
      } else {
        const query = new URLSearchParams({ format, dataset });
        if (this.model.value.trim()) query.set('model', this.model.value.trim());
        path = `/api/workloads/import?${query}`;
        body = file;
      }
      const result = await upload(path, body, CONTENT_TYPES[format], (fraction) => {
        this.progress.value = fraction;
        this.say(fraction < 1 ? `Uploading ${file.name}: ${Math.round(fraction * 100)}%` : 'Uploaded; the server is importing it…');
      });
      this.say(`Imported ${file.name} into “${dataset}” in ${formatMs(performance.now() - started)}.`, 'ok');
      this.showOutcome(result);
      await this.showSummary(dataset);
    } catch (error) {
      const hint = error.status === 404 && format !== 'ndjson' ? ' (this gateway may not import that format yet)' : '';
      this.say(`The import failed: ${error.message}${hint}`, 'error');
    } finally {
      this.busy = false;
      this.root.removeAttribute('aria-busy');
      this.progress.hidden = true;
      this.file.value = '';
      this.refreshDatasets();
    }
  }

  showOutcome(result) {
    const errors = Array.isArray(result?.errors) ? result.errors : [];
    replace(this.outcome,
      h('p', { class: 'counts' }, h('strong', null, formatNumber(result?.accepted ?? 0)), ' events accepted, ',
        h('strong', null, formatNumber(result?.rejected ?? 0)), ' rejected.'),
      errors.length ? h('ul', { class: 'import-errors' }, errors.map((e) => h('li', null, e.line ? `line ${e.line}: ` : '', e.reason ?? e.message ?? JSON.stringify(e)))) : null);
  }

  async showSummary(dataset) {
    try {
      const s = await api.summary(dataset);
      const dist = (d) => (d ? `p50 ${formatNumber(d.p50)} · p90 ${formatNumber(d.p90)} · p99 ${formatNumber(d.p99)}` : '—');
      const rows = [
        ['Requests', formatNumber(s.requests)],
        ['From', formatTime(s.first_timestamp)], ['To', formatTime(s.last_timestamp)],
        ['Cost', s.cost_usd != null ? `$${s.cost_usd.toFixed(2)}` : '—'],
        ['Models', (s.models ?? []).map((m) => m.name).join(', ') || '—'],
        ['Latency (ms)', dist(s.latency_ms)], ['Input tokens', dist(s.input_tokens)], ['Output tokens', dist(s.output_tokens)],
      ];
      const models = (s.models ?? []).filter((m) => typeof m.cost_usd === 'number');
      replace(this.summary, h('h3', null, `Dataset “${dataset}”`),
        h('dl', { class: 'summary-grid', testid: 'dataset-summary' }, rows.map(([k, v]) => [h('dt', null, k), h('dd', null, v)])),
        models.length ? barChart({ title: 'Cost by model', items: models.map((m) => ({ label: m.name, value: m.cost_usd })), format: (v) => `$${v.toFixed(2)}` }) : null);
    } catch (error) {
      replace(this.summary, h('p', { class: 'error-text' }, `No summary for “${dataset}”: ${error.message}`));
    }
  }

  async refreshDatasets() {
    try {
      const list = await api.datasets();
      replace(this.datasets, list.map((d) => h('li', null,
        h('button', { type: 'button', class: 'link', onclick: () => this.showSummary(d.name) }, d.name),
        ` ${formatNumber(d.events)} events`)));
    } catch {
      replace(this.datasets); // the panel still works; the list is a convenience
    }
  }
}
