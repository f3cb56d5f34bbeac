// Which charts a report gets, from the run's structured result (agent_completed data.result: its `charts` carry each
// tool's series) and the results its tool calls returned (tool_completed data.result). A chart whose data is absent
// is not drawn; nothing is invented.

import { barChart, lineChart, scatterChart } from './charts.js';

const num = (value) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const TIME_KEYS = ['start', 'date', 'timestamp', 'hour', 'time', 'bucket'];
const LABEL_KEYS = ['name', 'label', 'model', 'feature', 'policy'];
const humanize = (key) => key.replace(/_/g, ' ').replace(/\busd\b/, '($)').replace(/\bms\b/, '(ms)');

function costByModel(data) {
  const rows = Array.isArray(data?.by_model) ? data.by_model : [];
  const items = rows.map((r) => ({ label: r.name ?? r.model, value: num(r.cost_usd) })).filter((i) => i.label && i.value !== null);
  return items.length ? barChart({ title: 'Cost by model', items, format: (v) => `$${v >= 100 ? Math.round(v) : v.toFixed(2)}` }) : null;
}

function dailyCost(data) {
  const rows = Array.isArray(data?.daily) ? data.daily : [];
  const points = rows.map((r) => ({ x: Date.parse(r.date), y: num(r.cost_usd) })).filter((p) => Number.isFinite(p.x) && p.y !== null);
  return points.length >= 2 ? lineChart({ title: 'Daily cost', series: [{ name: 'cost ($)', points }], xLabel: 'day', yLabel: 'cost ($)', xTime: true }) : null;
}

function latencyPercentiles(data) {
  const overall = data?.overall;
  if (!overall) return null;
  const items = ['p50', 'p90', 'p95', 'p99'].map((p) => ({ label: `latency ${p}`, value: num(overall[`latency_${p}`]) }))
    .concat(['p50', 'p99'].map((p) => ({ label: `TTFT ${p}`, value: num(overall[`ttft_${p}`]) })))
    .filter((i) => i.value !== null);
  return items.length ? barChart({ title: 'Latency percentiles', items, unit: ' ms' }) : null;
}

function latencyByModel(data) {
  const rows = Array.isArray(data?.by_model) ? data.by_model : [];
  const items = rows.map((r) => ({ label: r.name, value: num(r.latency_p95) })).filter((i) => i.label && i.value !== null);
  return items.length > 1 ? barChart({ title: 'p95 latency by model', items, unit: ' ms' }) : null;
}

function cacheCapacityCurve(data) {
  const policies = (Array.isArray(data?.policies) ? data.policies : []).filter((p) => num(p.capacity_entries) !== null && num(p.hit_rate) !== null);
  if (policies.length < 2) return null;
  const byTtl = new Map();
  for (const p of policies) {
    const name = p.ttl_seconds == null ? 'no TTL' : `TTL ${p.ttl_seconds >= 3600 ? `${p.ttl_seconds / 3600} h` : `${p.ttl_seconds / 60} min`}`;
    if (!byTtl.has(name)) byTtl.set(name, []);
    byTtl.get(name).push({ x: p.capacity_entries, y: p.hit_rate * 100 });
  }
  const series = [...byTtl].map(([name, points]) => ({ name, points }));
  return lineChart({ title: 'Cache capacity curve', series, xLabel: 'cache capacity (entries)', yLabel: 'hit rate (%)' });
}

function frontier(data) {
  const rows = Array.isArray(data?.frontier) ? data.frontier : Array.isArray(data?.policies) ? data.policies : [];
  const xKey = ['cost_usd', 'cost', 'relative_cost', 'cost_per_request_usd'].find((k) => rows.some((r) => num(r?.[k]) !== null));
  const yKey = ['quality', 'quality_score', 'quality_proxy'].find((k) => rows.some((r) => num(r?.[k]) !== null));
  if (!xKey || !yKey) return null;
  const points = rows.map((r) => ({ x: num(r[xKey]), y: num(r[yKey]), label: r.name ?? r.policy ?? r.model })).filter((p) => p.x !== null && p.y !== null);
  return points.length ? scatterChart({ title: 'Policy cost/quality frontier', points, xLabel: humanize(xKey), yLabel: humanize(yKey) }) : null;
}

/** A tool's `series`: a line over time (or x), or bars by name. */
function seriesChart(tool, series) {
  if (!Array.isArray(series) || series.length === 0 || typeof series[0] !== 'object' || series[0] === null) return null;
  const sample = series[0];
  const timeKey = TIME_KEYS.find((k) => k in sample);
  const labelKey = LABEL_KEYS.find((k) => typeof sample[k] === 'string');
  const valueKey = Object.keys(sample).find((k) => k !== timeKey && num(sample[k]) !== null);
  if (!valueKey) return null;
  const title = `${humanize(tool)}: ${humanize(valueKey)}`;
  if (timeKey) {
    const points = series.map((r) => ({ x: Date.parse(r[timeKey]), y: num(r[valueKey]) ?? 0 })).filter((p) => Number.isFinite(p.x));
    return points.length >= 2 ? lineChart({ title, series: [{ name: humanize(valueKey), points }], xLabel: 'time', yLabel: humanize(valueKey), xTime: true }) : null;
  }
  if (labelKey) return barChart({ title, items: series.map((r) => ({ label: r[labelKey], value: num(r[valueKey]) })) });
  const xKey = Object.keys(sample).find((k) => k !== valueKey && num(sample[k]) !== null);
  return xKey ? lineChart({ title, series: [{ name: humanize(valueKey), points: series.map((r) => ({ x: num(r[xKey]), y: num(r[valueKey]) })) }], xLabel: humanize(xKey), yLabel: humanize(valueKey) }) : null;
}

/**
 * The charts for a report. result: agent_completed's data.result; toolResults: Map of tool name to the data its
 * tool_completed carried. Returns figures, in a fixed order: cost, latency, cache, frontier, then any other series.
 */
export function reportCharts(result, toolResults = new Map()) {
  const data = new Map(toolResults);
  const seriesByTool = new Map();
  for (const entry of Array.isArray(result?.charts) ? result.charts : []) {
    if (!entry?.tool) continue;
    // A named table (cost by model, daily cost, …) is the tool's own rows, which the charts above already draw from
    // the tool's result; only a tool's `series` is a chart of its own here.
    if ((entry.field ?? 'series') !== 'series') {
      if (!data.has(entry.tool) && entry.field) data.set(entry.tool, { [entry.field]: entry.series });
      else if (entry.field && !(entry.field in data.get(entry.tool))) data.get(entry.tool)[entry.field] = entry.series;
      continue;
    }
    data.set(entry.tool, { ...(data.get(entry.tool) ?? {}), ...entry });
    if (entry.series) seriesByTool.set(entry.tool, entry.series);
  }
  const tools = Array.isArray(result?.tools) ? result.tools.map((t) => t.tool) : null;
  const use = (tool) => (tools === null || tools.includes(tool) || seriesByTool.has(tool)) ? data.get(tool) : undefined;
  const charts = [
    costByModel(use('cost_analyzer')),
    dailyCost(use('cost_analyzer')),
    latencyPercentiles(use('latency_analyzer')),
    latencyByModel(use('latency_analyzer')),
    cacheCapacityCurve(use('cache_policy_optimizer')),
    ...[...data.keys()].map((tool) => frontier(use(tool))),
    ...[...seriesByTool].map(([tool, series]) => seriesChart(tool, series)),
  ];
  return charts.filter(Boolean);
}
