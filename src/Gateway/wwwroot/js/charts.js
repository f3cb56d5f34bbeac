// SVG charts drawn in the browser: horizontal bars, lines over a numeric or time axis, and scatter with a frontier.
// Each returns a <figure data-testid="chart"> with a title, axes with ticks and labels, and a legend when needed.

import { h, s, formatNumber } from './dom.js';

// Narrow screens get a narrower drawing, so its text stays readable when scaled to fit.
let W = 640;
const fit = () => { W = globalThis.innerWidth < 600 ? 420 : 640; };
const COLORS = ['#3b5bdb', '#e8590c', '#2f9e44', '#ae3ec9', '#1098ad', '#f08c00', '#c2255c', '#5c940d'];

/** Round tick values covering [min, max]. */
export function ticks(min, max, count = 5) {
  if (!(max > min)) { max = min + (min === 0 ? 1 : Math.abs(min)); }
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((m) => m >= raw) ?? 10 * power;
  const first = Math.floor(min / step) * step;
  const values = [];
  for (let v = first; values.length < 20; v += step) {
    values.push(Number(v.toPrecision(12)));
    if (v >= max) break;
  }
  return values;
}

function figure(kind, title, svg, legend, note) {
  return h('figure', { class: `chart chart-${kind}`, testid: 'chart', dataset: { kind } },
    h('figcaption', null, title),
    svg,
    legend?.length > 1 ? h('ul', { class: 'legend' }, legend.map((name, i) => h('li', null,
      h('span', { class: 'swatch', 'aria-hidden': 'true', dataset: { color: String(i % COLORS.length) } }), name))) : null,
    note ? h('p', { class: 'chart-note' }, note) : null);
}

function frame(height, label) {
  return s('svg', { viewBox: `0 0 ${W} ${height}`, role: 'img', 'aria-label': label, preserveAspectRatio: 'xMidYMid meet' },
    s('title', null, label));
}

function truncate(text, max) {
  const value = String(text);
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/** Horizontal bars: items [{label, value}], values formatted by format. */
export function barChart({ title, items, unit = '', format = formatNumber }) {
  fit();
  const rows = items.filter((item) => Number.isFinite(item.value)).slice(0, 12);
  const left = W < 640 ? 120 : 150;
  const right = 70;
  const rowH = 26;
  const top = 10;
  const height = top + rows.length * rowH + 36;
  const max = Math.max(0, ...rows.map((r) => r.value));
  const axis = ticks(0, max || 1, 4);
  const scale = (v) => left + (v / axis.at(-1)) * (W - left - right);
  const svg = frame(height, `${title}: ${rows.map((r) => `${r.label} ${format(r.value)}${unit}`).join(', ')}`);
  const bottom = top + rows.length * rowH;
  for (const value of axis) {
    const x = scale(value);
    svg.append(s('line', { class: 'grid', x1: x, x2: x, y1: top, y2: bottom }),
      s('text', { class: 'tick', x, y: bottom + 16, 'text-anchor': 'middle' }, `${format(value)}${unit}`));
  }
  rows.forEach((row, i) => {
    const y = top + i * rowH;
    svg.append(
      s('text', { class: 'label', x: left - 8, y: y + rowH / 2 + 4, 'text-anchor': 'end' }, s('title', null, row.label), truncate(row.label, W < 640 ? 17 : 22)),
      s('rect', { class: `bar c${i % COLORS.length}`, x: left, y: y + 4, width: Math.max(1, scale(row.value) - left), height: rowH - 8, rx: 2 }),
      s('text', { class: 'value', x: scale(row.value) + 6, y: y + rowH / 2 + 4 }, `${format(row.value)}${unit}`));
  });
  svg.append(s('line', { class: 'axis', x1: left, x2: left, y1: top, y2: bottom }),
    s('line', { class: 'axis', x1: left, x2: W - right, y1: bottom, y2: bottom }));
  return figure('bar', title, svg);
}

function plotArea({ title, xs, ys, xLabel, yLabel, xTime, height = 300 }) {
  const m = { left: 64, right: 20, top: 14, bottom: 48 };
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs);
  const yTicks = ticks(Math.min(0, ...ys), Math.max(...ys), 5);
  const xTicks = xTime ? timeTicks(xMin, xMax) : ticks(xMin, xMax, 5).filter((v) => v >= xMin && v <= xMax);
  const x = (v) => m.left + (xMax === xMin ? 0.5 : (v - xMin) / (xMax - xMin)) * (W - m.left - m.right);
  const y = (v) => height - m.bottom - ((v - yTicks[0]) / (yTicks.at(-1) - yTicks[0])) * (height - m.top - m.bottom);
  const svg = frame(height, title);
  for (const value of yTicks) {
    svg.append(s('line', { class: 'grid', x1: m.left, x2: W - m.right, y1: y(value), y2: y(value) }),
      s('text', { class: 'tick', x: m.left - 6, y: y(value) + 4, 'text-anchor': 'end' }, formatNumber(value)));
  }
  for (const value of xTicks) {
    svg.append(s('text', { class: 'tick', x: x(value), y: height - m.bottom + 16, 'text-anchor': 'middle' },
      xTime ? new Date(value).toLocaleDateString(undefined, { month: 'short', day: 'numeric' }) : formatNumber(value)));
  }
  svg.append(
    s('line', { class: 'axis', x1: m.left, x2: m.left, y1: m.top, y2: height - m.bottom }),
    s('line', { class: 'axis', x1: m.left, x2: W - m.right, y1: height - m.bottom, y2: height - m.bottom }),
    s('text', { class: 'axis-label', x: (m.left + W - m.right) / 2, y: height - 8, 'text-anchor': 'middle' }, xLabel),
    s('text', { class: 'axis-label', x: 14, y: (m.top + height - m.bottom) / 2, 'text-anchor': 'middle',
      transform: `rotate(-90 14 ${(m.top + height - m.bottom) / 2})` }, yLabel));
  return { svg, x, y };
}

function timeTicks(min, max) {
  const hour = 3600000;
  const steps = [1, 3, 6, 12, 24, 48, 96, 168, 336, 720].map((n) => n * hour);
  const step = steps.find((candidate) => (max - min) / candidate <= (W < 640 ? 4 : 6)) ?? steps.at(-1);
  const values = [];
  for (let v = Math.ceil(min / step) * step; v <= max && values.length < 8; v += step) values.push(v);
  return values.length ? values : [min];
}

/** Lines: series [{name, points: [{x, y}]}]; x numbers, or epoch ms when xTime. */
export function lineChart({ title, series, xLabel, yLabel, xTime = false }) {
  fit();
  const all = series.flatMap((line) => line.points).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const { svg, x, y } = plotArea({ title, xs: all.map((p) => p.x), ys: all.map((p) => p.y), xLabel, yLabel, xTime });
  series.forEach((line, i) => {
    const points = line.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)).sort((a, b) => a.x - b.x);
    svg.append(s('polyline', { class: `line c${i % COLORS.length}`, points: points.map((p) => `${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`).join(' ') }));
    if (points.length <= 40) {
      for (const p of points) {
        svg.append(s('circle', { class: `dot c${i % COLORS.length}`, cx: x(p.x).toFixed(1), cy: y(p.y).toFixed(1), r: 3 },
          s('title', null, `${line.name}: ${formatNumber(p.y)} at ${xTime ? new Date(p.x).toLocaleString() : formatNumber(p.x)}`)));
      }
    }
  });
  return figure('line', title, svg, series.map((line) => line.name));
}

/** Points [{x, y, label}] with the frontier (the lowest x for each level of y reached) drawn as a step line. */
export function scatterChart({ title, points, xLabel, yLabel, frontier = true }) {
  fit();
  const valid = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const { svg, x, y } = plotArea({ title, xs: valid.map((p) => p.x), ys: valid.map((p) => p.y), xLabel, yLabel });
  if (frontier) {
    const best = [];
    for (const p of [...valid].sort((a, b) => a.x - b.x || b.y - a.y)) if (!best.length || p.y > best.at(-1).y) best.push(p);
    svg.append(s('polyline', { class: 'line frontier c1', points: best.map((p) => `${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`).join(' ') }));
  }
  valid.forEach((p) => {
    svg.append(s('circle', { class: 'dot c0', cx: x(p.x).toFixed(1), cy: y(p.y).toFixed(1), r: 5 },
      s('title', null, `${p.label ?? ''} ${xLabel} ${formatNumber(p.x)}, ${yLabel} ${formatNumber(p.y)}`.trim())));
    if (p.label && valid.length <= 12) {
      svg.append(s('text', { class: 'point-label', x: x(p.x) + 7, y: y(p.y) - 7 }, truncate(p.label, 20)));
    }
  });
  return figure('scatter', title, svg, null, frontier ? 'The line joins the points no other point beats on both axes.' : null);
}
