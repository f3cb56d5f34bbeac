// The web page in headless Chromium against a real gateway (NETRA_BASE_URL), on the viewport NETRA_VIEWPORT
// (desktop, or phone at 360 px). Every test also fails on any console error or uncaught exception.

import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, openPage, connected, shot, showThreads, send, apiGet, uniqueUser, QUESTION, PHONE, VIEWPORT,
} from './harness.js';

let browser;
const pages = [];
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });
afterEach(async () => {
  for (const page of pages.splice(0)) {
    const errors = page.errors;
    await page.context().close();
    assert.deepEqual(errors, [], 'the page logged errors');
  }
});

async function page(user, options) {
  const opened = await openPage(browser, user, options);
  pages.push(opened);
  return opened;
}

const label = (p) => p.locator('#user-label').textContent();
const RUN_DONE = '.run[data-status=completed] [data-testid=report]';
let historyUser = null;

test(`${VIEWPORT}: signs in by itself as a local user, and switches user by name`, async () => {
  const p = await page(null);
  await connected(p);
  assert.equal(await label(p), await p.evaluate(() => localStorage.getItem('netra.user')));
  const other = uniqueUser('switched');
  await p.click('#switch-user');
  await p.fill('#dev-user', other);
  await p.press('#dev-user', 'Enter');
  await p.waitForFunction((name) => document.querySelector('#user-label').textContent === name, other);
  await connected(p);
  assert.equal(await p.evaluate(() => localStorage.getItem('netra.user')), other);
  assert.ok(await p.locator('.examples .example').count() >= 3, 'an empty thread offers example prompts');
  await shot(p, 'signed-in');
});

test(`${VIEWPORT}: a refused token goes back to sign-in with a message`, async () => {
  const p = await page(null, { token: 'not.a.token', allow: (url) => url.includes('/api/threads') });
  await p.waitForSelector('#signin:not([hidden]) #signin-message');
  assert.match(await p.locator('#signin-message').textContent(), /refused or has expired/);
  const user = uniqueUser('again');
  await p.fill('#dev-user', user);
  await p.click('#dev-form button[type=submit]');
  await connected(p);
  assert.equal(await label(p), user);
});

test(`${VIEWPORT}: sends a message and shows sub-agent progress, tool calls and the report with charts`, async () => {
  historyUser = uniqueUser('slow');
  const p = await page(historyUser);
  await connected(p);
  await send(p, QUESTION);
  await p.waitForSelector('[data-testid=sub-agent][data-status=running]', { timeout: 20000 });
  await p.waitForSelector('[data-testid=sub-agent][data-status=waiting]', { timeout: 20000 });
  await p.waitForSelector('[data-testid=tool-call]', { timeout: 30000 });
  await shot(p, 'run-in-progress');
  await p.waitForSelector(RUN_DONE, { timeout: 90000 });

  const agents = await p.getByTestId('sub-agent').evaluateAll((els) => els.map((el) => [el.dataset.agent, el.dataset.status]));
  assert.ok(agents.length >= 4, `sub-agents: ${JSON.stringify(agents)}`);
  assert.ok(agents.every(([, status]) => status === 'done' || status === 'skipped'), JSON.stringify(agents));
  const tools = await p.getByTestId('tool-call').evaluateAll((els) => els.map((el) => ({
    tool: el.dataset.tool, status: el.dataset.status, duration: el.querySelector('.duration').textContent, summary: el.querySelector('.summary').textContent,
  })));
  assert.ok(tools.length >= 3, JSON.stringify(tools));
  for (const call of tools) {
    assert.equal(call.status, 'done');
    assert.match(call.duration, /\d+(\.\d)? (ms|s)/);
    assert.ok(call.summary.length > 20, `${call.tool} has a result summary`);
  }
  const report = p.getByTestId('report');
  assert.match(await report.locator('h1').first().textContent(), /spend/i);
  const charts = report.getByTestId('chart');
  assert.ok(await charts.count() >= 1, 'the report has charts');
  const titles = await charts.locator('figcaption').allTextContents();
  assert.ok(titles.includes('Cost by model'), `chart titles: ${titles}`);
  const bars = report.locator('[data-testid=chart][data-kind=bar]').first();
  assert.ok(await bars.locator('rect.bar').count() >= 2, 'bars are drawn');
  assert.ok(await bars.locator('text.tick').count() >= 2, 'the value axis has ticks');
  assert.ok(await bars.locator('text.label').count() >= 2, 'the bars are labelled');
  assert.equal(await p.locator('script[src*="//"], link[href*="//"]').count(), 0, 'nothing is loaded from another site');
  await report.getByTestId('chart').first().scrollIntoViewIfNeeded();
  await shot(p, 'report-charts');
});

test(`${VIEWPORT}: reload shows the thread's history: messages, the past run and its report`, async () => {
  assert.ok(historyUser, 'runs after the message test');
  const p = await page(historyUser);
  await connected(p);
  await showThreads(p);
  const items = p.getByTestId('thread-item');
  await items.first().waitFor();
  assert.equal(await items.count(), 1);
  await items.first().locator('.thread-open').click();
  await p.waitForSelector(RUN_DONE, { timeout: 30000 });
  await p.reload();
  await connected(p);
  await p.waitForSelector(RUN_DONE, { timeout: 30000 });
  assert.equal(await p.locator('.message.user').first().textContent(), QUESTION);
  assert.ok(await p.getByTestId('tool-call').count() >= 3, 'the past run shows its tool calls');
  assert.ok(await p.getByTestId('chart').count() >= 1, 'the past report has its charts');
  await shot(p, 'history');
});

test(`${VIEWPORT}: stops a run`, async () => {
  const p = await page(uniqueUser('hold'));
  await connected(p);
  await send(p, QUESTION);
  await p.waitForSelector('[data-testid=sub-agent][data-agent=reporting][data-status=running]', { timeout: 60000 });
  const stop = p.getByTestId('stop-button');
  await stop.waitFor({ state: 'visible' });
  await shot(p, 'run-held');
  await stop.click();
  await p.waitForSelector('.run[data-status=cancelled]', { timeout: 30000 });
  await stop.waitFor({ state: 'hidden' });
  assert.match(await p.locator('.run .run-error').textContent(), /Stopped/);
  assert.equal(await p.locator('[data-testid=sub-agent][data-status=running]').count(), 0);
  await shot(p, 'run-stopped');
});

test(`${VIEWPORT}: imports an NDJSON trace into a named dataset and shows its summary`, async () => {
  const p = await page(uniqueUser('upload'), { allow: (url) => url.includes('/api/workloads/import') });
  await connected(p);
  await p.click('#data-toggle');
  const panel = p.getByTestId('upload');
  await panel.waitFor({ state: 'visible' });
  const formats = await panel.locator('#dataset-format option').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(formats, ['ndjson', 'azure-csv', 'mooncake-jsonl', 'otlp-json']);
  const dataset = `trace-${VIEWPORT}`;
  await panel.locator('#dataset-name').fill(dataset);
  const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify({
    timestamp: new Date(Date.UTC(2026, 10, 20, 10, 0, i)).toISOString(), model: i % 3 ? 'gpt-4o-mini' : 'gpt-4o',
    input_tokens: 1000 + i, output_tokens: 100 + (i % 50), latency_ms: 500 + i * 3, status: 'ok', feature: 'support-bot',
  }));
  lines.splice(10, 0, '{"model": "gpt-4o"}'); // no timestamp: rejected with its line number
  await panel.locator('input[type=file]').setInputFiles({ name: 'trace.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(lines.join('\n')) });
  await p.waitForSelector('.upload-status[data-kind=ok]', { timeout: 30000 });
  assert.match(await panel.locator('.upload-outcome .counts').textContent(), /300 events accepted, 1 rejected/);
  assert.match(await panel.locator('.import-errors').textContent(), /line 11/);
  const summary = panel.getByTestId('dataset-summary');
  await summary.waitFor();
  assert.match(await summary.textContent(), /Requests\s*300/);
  assert.ok(await panel.getByTestId('chart').count() >= 1, 'the summary has its cost by model chart');
  await shot(p, 'upload-summary');

  // A trace format: whatever the gateway answers (imported, or a problem), the page says it in words and does not hang.
  await panel.locator('#dataset-format').selectOption('azure-csv');
  await panel.locator('input[type=file]').setInputFiles({ name: 'azure.csv', mimeType: 'text/csv', buffer: Buffer.from('TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,374,44\n') });
  // A real trace format goes through POST /api/workloads/import: one Azure row stored, none rejected.
  await p.waitForSelector('.upload-status[data-kind=ok]', { timeout: 30000 });
  assert.match(await panel.locator('.upload-outcome .counts').textContent(), /^1 events accepted, 0 rejected/);
});

test(`${VIEWPORT}: survives a dropped connection with no gap and no duplicate`, async () => {
  const user = uniqueUser('slow');
  const p = await page(user);
  await connected(p);
  await send(p, QUESTION);
  await p.waitForSelector('[data-testid=sub-agent][data-status=running]', { timeout: 30000 });
  await p.evaluate(() => window.netra.dropConnection(2000));
  await p.waitForSelector('[data-testid=connection-status][data-state=reconnecting]', { timeout: 5000 });
  assert.match(await p.getByTestId('connection-status').textContent(), /reconnecting/i);
  await shot(p, 'reconnecting');
  await connected(p, 30000);
  await p.waitForSelector(RUN_DONE, { timeout: 90000 });

  const seqs = await p.evaluate(() => window.netra.appliedSeqs);
  assert.ok(seqs.length > 5);
  seqs.forEach((seq, i) => { if (i > 0) assert.equal(seq, seqs[i - 1] + 1, `seq ${seq} follows ${seqs[i - 1]}`); });
  const runId = await p.locator('.run').getAttribute('data-run-id');
  const events = await apiGet(user, `/api/runs/${runId}/events`);
  const count = (type) => events.filter((e) => e.type === type).length;
  assert.equal(await p.getByTestId('tool-call').count(), count('tool_executing'), 'each tool call shown once');
  const agents = new Set(events.filter((e) => e.type === 'sub_agent_update').map((e) => e.data.sub_agent));
  assert.equal(await p.getByTestId('sub-agent').count(), agents.size, 'each sub-agent shown once');
  assert.equal(await p.locator('.thinking-list li').count(), count('agent_thinking'), 'each thought shown once');
  assert.equal(await p.getByTestId('report').count(), 1);
});

test(`${VIEWPORT}: is keyboard reachable with a visible focus`, async () => {
  const p = await page(uniqueUser('keys'));
  await connected(p);
  await p.waitForFunction(() => document.activeElement?.id === 'message-input'); // the page puts the cursor there
  const seen = new Set();
  for (let i = 0; i < 16; i += 1) {
    await p.keyboard.press('Tab');
    const focus = await p.evaluate(() => {
      const el = document.activeElement;
      if (el === document.body) return null; // past the last control, before the first
      const style = getComputedStyle(el);
      return { id: el.id || el.dataset.testid || el.textContent.trim().slice(0, 20), outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    if (!focus) continue;
    seen.add(focus.id);
    assert.ok(focus.outline !== 'none' && focus.width >= 2, `focus is visible on ${focus.id}`);
  }
  for (const id of ['switch-user', 'data-toggle', 'message-input']) assert.ok(seen.has(id), `${id} is reachable: ${[...seen]}`);
  if (PHONE) assert.ok(seen.has('nav-toggle'));
});
