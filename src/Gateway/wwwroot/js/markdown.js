// A small, safe markdown renderer. It builds DOM nodes directly: server text only ever becomes text nodes, so no
// HTML in the input is interpreted. Supports headings, paragraphs, lists, tables, fenced code, block quotes, rules,
// and inline code, bold, italic and links (http, https, mailto and same-site links only).

import { h } from './dom.js';

const INLINE = /(`+)([\s\S]*?[^`])\1(?!`)|\[([^\]]+)\]\(([^)\s]+)(?:\s+"[^"]*")?\)|\*\*([\s\S]+?)\*\*|__([\s\S]+?)__|\*([^*\s](?:[\s\S]*?[^*\s])?)\*|(?<![\w])_([^_\s](?:[\s\S]*?[^_\s])?)_(?![\w])/g;

export function safeHref(href) {
  const value = String(href).trim();
  if (/^(https?:|mailto:)/i.test(value)) return value;
  if (/^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith('//')) return null;
  return value; // relative: same site
}

/** Inline markdown to an array of nodes. */
export function inline(text) {
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    if (match.index > last) nodes.push(text.slice(last, match.index));
    const [, ticks, code, linkText, href, bold1, bold2, italic1, italic2] = match;
    if (ticks) nodes.push(h('code', null, code.trim() || code));
    else if (linkText !== undefined) {
      const safe = safeHref(href);
      nodes.push(safe === null ? linkText : h('a', { href: safe, rel: 'noopener noreferrer', target: /^https?:/i.test(safe) ? '_blank' : null }, inline(linkText)));
    } else if (bold1 !== undefined || bold2 !== undefined) nodes.push(h('strong', null, inline(bold1 ?? bold2)));
    else nodes.push(h('em', null, inline(italic1 ?? italic2)));
    last = match.index + match[0].length;
  }
  if (last < text.length) nodes.push(text.slice(last));
  return nodes;
}

const isRule = (line) => /^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line);
const heading = (line) => /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
const listItem = (line) => /^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$/.exec(line);
const fence = (line) => /^\s{0,3}(```|~~~)\s*([\w+-]*)\s*$/.exec(line);
const isTableSeparator = (line) => /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/.test(line) && line.includes('-');

function cells(line) {
  let row = line.trim();
  if (row.startsWith('|')) row = row.slice(1);
  if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1);
  return row.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

function table(lines, start) {
  const header = cells(lines[start]);
  const aligns = cells(lines[start + 1]).map((c) => (c.startsWith(':') && c.endsWith(':') ? 'center' : c.endsWith(':') ? 'right' : null));
  let i = start + 2;
  const rows = [];
  while (i < lines.length && lines[i].includes('|') && lines[i].trim()) rows.push(cells(lines[i++]));
  const cell = (tag, text, col) => h(tag, { class: aligns[col] ? `align-${aligns[col]}` : null }, inline(text));
  const node = h('div', { class: 'table-wrap', tabindex: '0' },
    h('table', null,
      h('thead', null, h('tr', null, header.map((text, col) => cell('th', text, col)))),
      h('tbody', null, rows.map((row) => h('tr', null, header.map((_, col) => cell('td', row[col] ?? '', col)))))));
  return [node, i];
}

function list(lines, start) {
  const first = listItem(lines[start]);
  const indent = first[1].length;
  const ordered = /\d/.test(first[2]);
  const items = [];
  let i = start;
  while (i < lines.length) {
    const item = listItem(lines[i]);
    if (!item || item[1].length < indent) break;
    if (item[1].length > indent) {
      const [nested, next] = list(lines, i);
      items.at(-1)?.append(nested);
      i = next;
      continue;
    }
    const text = [item[3]];
    i += 1;
    while (i < lines.length && lines[i].trim() && !listItem(lines[i]) && /^\s+/.test(lines[i])) text.push(lines[i++].trim());
    items.push(h('li', null, inline(text.join(' '))));
  }
  const attrs = ordered && parseInt(first[2], 10) !== 1 ? { start: String(parseInt(first[2], 10)) } : null;
  return [h(ordered ? 'ol' : 'ul', attrs, items), i];
}

function startsBlock(lines, i) {
  const line = lines[i];
  return !line.trim() || heading(line) || fence(line) || isRule(line) || listItem(line) || line.trimStart().startsWith('>')
    || (line.includes('|') && i + 1 < lines.length && isTableSeparator(lines[i + 1]));
}

/** Markdown to a DocumentFragment. */
export function renderMarkdown(source) {
  const lines = String(source ?? '').replace(/\r\n?/g, '\n').split('\n');
  const out = document.createDocumentFragment();
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) { i += 1; continue; }
    const open = fence(line);
    if (open) {
      const code = [];
      i += 1;
      while (i < lines.length && !lines[i].trimStart().startsWith(open[1])) code.push(lines[i++]);
      i += 1;
      out.append(h('pre', { tabindex: '0' }, h('code', { class: open[2] ? `language-${open[2]}` : null }, code.join('\n'))));
      continue;
    }
    const title = heading(line);
    if (title) {
      out.append(h(`h${title[1].length}`, null, inline(title[2])));
      i += 1;
      continue;
    }
    if (isRule(line)) { out.append(h('hr')); i += 1; continue; }
    if (line.includes('|') && i + 1 < lines.length && isTableSeparator(lines[i + 1])) {
      const [node, next] = table(lines, i);
      out.append(node);
      i = next;
      continue;
    }
    if (listItem(line)) {
      const [node, next] = list(lines, i);
      out.append(node);
      i = next;
      continue;
    }
    if (line.trimStart().startsWith('>')) {
      const quoted = [];
      while (i < lines.length && lines[i].trimStart().startsWith('>')) quoted.push(lines[i++].trimStart().replace(/^>\s?/, ''));
      out.append(h('blockquote', null, renderMarkdown(quoted.join('\n'))));
      continue;
    }
    const paragraph = [line.trim()];
    i += 1;
    while (i < lines.length && !startsBlock(lines, i)) paragraph.push(lines[i++].trim());
    out.append(h('p', null, inline(paragraph.join(' '))));
  }
  return out;
}
