// A run as the page knows it, built from its events (live from the socket, or replayed from GET /api/runs/{id}/events).
// Each event is applied once: its seq is remembered, so a replayed or redelivered event changes nothing.

const STATUS = { started: 'running', completed: 'done', failed: 'failed', retrying: 'retrying' };

export function newRun(id, threadId, message = '') {
  return {
    id, threadId, message, status: 'queued', agents: new Map(), thinking: [], tools: new Map(),
    report: null, result: null, error: null, seen: new Set(), createdAt: null, finishedAt: null,
  };
}

/** The run's status from GET /api/runs/{id}, for a run whose events are not (yet) known. */
export function fromRunView(view) {
  const run = newRun(view.id, view.thread_id, view.message);
  run.status = { completed: 'completed', failed: 'failed', cancelled: 'cancelled', running: 'running', queued: 'queued' }[view.status] ?? view.status;
  run.createdAt = view.created_at;
  for (const step of view.steps ?? []) run.agents.set(step.agent, { name: step.agent, status: STATUS[step.status] ?? step.status });
  run.report = view.report ?? null;
  if (view.error) run.error = typeof view.error === 'string' ? view.error : view.error.message ?? JSON.stringify(view.error);
  return run;
}

export const isLive = (run) => run.status === 'running' || run.status === 'queued';

function agent(run, name) {
  if (!run.agents.has(name)) run.agents.set(name, { name, status: 'waiting' });
  return run.agents.get(name);
}

/** Applies one envelope; false when it was seen before (or is not this run's). */
export function applyEvent(run, envelope) {
  const { type, data = {}, metadata = {} } = envelope;
  if (metadata.run_id && metadata.run_id !== run.id) return false;
  if (typeof metadata.seq === 'number') {
    if (run.seen.has(metadata.seq)) return false;
    run.seen.add(metadata.seq);
  }
  const name = metadata.agent_name ?? 'supervisor';
  switch (type) {
    case 'agent_started':
      run.status = 'running';
      run.message = data.message ?? run.message;
      run.createdAt ??= metadata.timestamp;
      break;
    case 'sub_agent_update': {
      const step = agent(run, data.sub_agent ?? name);
      step.status = STATUS[data.status] ?? data.status;
      if (data.summary) step.summary = data.summary;
      if (data.error) step.error = data.error;
      if (data.attempt) step.attempt = data.attempt;
      if (data.next_attempt_in_ms) step.nextAttemptMs = data.next_attempt_in_ms;
      break;
    }
    case 'agent_thinking': {
      for (const stage of Array.isArray(data.stages) ? data.stages : []) for (const step of stage) agent(run, step);
      const last = run.thinking.at(-1);
      if (typeof data.delta === 'string') {
        if (last?.streaming && last.agent === name) last.text += data.delta;
        else run.thinking.push({ agent: name, text: data.delta, streaming: true });
      } else if (data.thought) {
        run.thinking.push({ agent: name, text: String(data.thought) });
      }
      break;
    }
    case 'agent_log':
      run.thinking.push({ agent: name, text: String(data.message ?? data.line ?? JSON.stringify(data)), log: true });
      break;
    case 'tool_executing': {
      let key = `${name}:${data.tool}`;
      for (let n = 2; run.tools.get(key)?.status === 'done'; n += 1) key = `${name}:${data.tool}#${n}`;
      run.tools.set(key, { key, agent: name, tool: data.tool, parameters: data.parameters, status: 'running', startedAt: metadata.timestamp });
      break;
    }
    case 'tool_completed': {
      const call = [...run.tools.values()].reverse().find((t) => t.agent === name && t.tool === data.tool && t.status === 'running')
        ?? { key: `${name}:${data.tool}:${metadata.seq}`, agent: name, tool: data.tool };
      Object.assign(call, {
        status: 'done', durationMs: data.duration_ms, summary: data.summary, insufficient: data.insufficient_data, result: data.result,
      });
      run.tools.set(call.key, call);
      break;
    }
    case 'agent_completed':
      run.status = 'completed';
      run.report = data.report ?? '';
      run.result = data.result ?? null;
      run.finishedAt = metadata.timestamp;
      break;
    case 'agent_error':
      run.status = data.code === 'cancelled' ? 'cancelled' : 'failed';
      run.error = data.message ?? data.code ?? 'The run failed.';
      run.finishedAt = metadata.timestamp;
      break;
    default:
      return true;
  }
  if (!isLive(run)) {
    for (const step of run.agents.values()) {
      if (step.status === 'waiting') step.status = 'skipped';
      if (step.status === 'running' || step.status === 'retrying') step.status = run.status === 'cancelled' ? 'stopped' : step.status;
    }
    for (const call of run.tools.values()) if (call.status === 'running') call.status = 'stopped';
  }
  return true;
}

/** Tool name → its result data, from the run's tool calls (the latest call of each tool wins). */
export function toolResults(run) {
  const results = new Map();
  for (const call of run.tools.values()) if (call.result && typeof call.result === 'object') results.set(call.tool, call.result);
  return results;
}
