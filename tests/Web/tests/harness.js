// Shared by the browser tests: Debian's Chromium through playwright-core (never a downloaded browser), one page per
// test with its console watched, unique users, screenshots in artifacts/, and polling helpers.

import { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const BASE = (process.env.NETRA_BASE_URL ?? 'http://localhost:8080').replace(/\/$/, '');
export const VIEWPORT = process.env.NETRA_VIEWPORT ?? 'desktop';
const SIZES = { desktop: { width: 1280, height: 860 }, phone: { width: 360, height: 740 } };
export const PHONE = VIEWPORT === 'phone';
const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
}

export const uniqueUser = (prefix) => `${prefix}-${VIEWPORT}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * A new page signed in as user (by the page's own automatic sign-in: the name is what localStorage remembers), with
 * every console error and uncaught exception recorded in page.errors. allow(url) may excuse an expected failed load.
 */
export async function openPage(browser, user, { allow = () => false, token = null } = {}) {
  const context = await browser.newContext({ viewport: SIZES[VIEWPORT], isMobile: PHONE, hasTouch: PHONE });
  const page = await context.newPage();
  page.errors = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (message.text().startsWith('Failed to load resource') && allow(message.location()?.url ?? '')) return;
    page.errors.push(`console: ${message.text()} (${message.location()?.url ?? ''})`);
  });
  page.on('pageerror', (error) => page.errors.push(`uncaught: ${error.message}`));
  await page.addInitScript(({ name, bearer }) => {
    if (name && !localStorage.getItem('netra.user')) localStorage.setItem('netra.user', name);
    if (bearer && !sessionStorage.getItem('netra.token')) sessionStorage.setItem('netra.token', bearer);
  }, { name: user, bearer: token });
  await page.goto(`${BASE}/`);
  return page;
}

export async function connected(page, timeout = 20000) {
  await page.waitForSelector('[data-testid=connection-status][data-state=connected]', { timeout });
}

export async function shot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `${VIEWPORT}-${name}.png`) });
}

/** Opens the threads drawer on a phone; on a desktop the sidebar is always there. */
export async function showThreads(page) {
  if (PHONE && !(await page.evaluate(() => document.body.classList.contains('nav-open')))) await page.click('#nav-toggle');
}

export async function send(page, text) {
  const input = page.getByTestId('message-input');
  await input.fill(text);
  await input.press('Enter');
}

/** A dev token for user, straight from the gateway, to ask the API what the page should show. */
export async function token(user) {
  const response = await fetch(`${BASE}/api/auth/dev-token`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user_id: user, role: 'user' }),
  });
  return (await response.json()).access_token;
}

export async function apiGet(user, path) {
  const response = await fetch(`${BASE}${path}`, { headers: { Authorization: `Bearer ${await token(user)}` } });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

export const QUESTION = 'Where is my LLM spend going, and how do I cut it 30% without p95 going over 2 s?';
