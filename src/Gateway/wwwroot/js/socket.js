// The chat socket: connects with the token in the query, resumes with after_seq after a drop, and hands each event of
// the user's stream over exactly once and in order (seq de-duplicates; a gap asks the server to resume).

const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 10000];
const PING_MS = 25000;

export class ChatSocket {
  /**
   * @param {object} handlers onEvent(envelope) for events with a seq, onStatus(state, detail), onError(data),
   *   onEstablished(data), probe() called after repeated failures (to find out whether the token is still good).
   */
  constructor(handlers) {
    this.handlers = handlers;
    this.ws = null;
    this.token = null;
    this.lastSeq = null;
    this.attempt = 0;
    this.stopped = true;
    this.holdUntil = 0;
    this.resumeAsked = false;
    this.timer = null;
    this.pinger = null;
    this.state = 'offline';
    // What the page applied, for tests and for debugging a gap: every seq in order, and the duplicates dropped.
    this.applied = [];
    this.duplicates = 0;
  }

  /** Starts (or restarts, for a new user) the connection. */
  start(token) {
    this.stop();
    this.token = token;
    this.lastSeq = null;
    this.applied = [];
    this.duplicates = 0;
    this.stopped = false;
    this.attempt = 0;
    this.open();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.pinger);
    if (this.ws) {
      const ws = this.ws;
      this.ws = null;
      ws.onclose = ws.onmessage = ws.onerror = null;
      ws.close(1000, 'signed out');
    }
    this.setState('offline');
  }

  get isOpen() { return this.ws?.readyState === WebSocket.OPEN && this.state === 'connected'; }

  /** Sends an action; false when the socket is not open (the caller falls back to HTTP or says so). */
  send(action, data = {}) {
    if (!this.isOpen) return false;
    this.ws.send(JSON.stringify({ action, data }));
    return true;
  }

  /** Drops the connection as a network failure would; it reconnects no sooner than holdMs from now. */
  drop(holdMs = 0) {
    this.holdUntil = Date.now() + holdMs;
    this.ws?.close(4000, 'dropped');
  }

  setState(state, detail = '') {
    this.state = state;
    this.handlers.onStatus?.(state, detail);
  }

  open() {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    let url = `${scheme}://${location.host}/ws?access_token=${encodeURIComponent(this.token)}`;
    if (this.lastSeq !== null) url += `&after_seq=${this.lastSeq}`;
    this.setState(this.attempt === 0 && this.lastSeq === null ? 'connecting' : 'reconnecting');
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.onmessage = (message) => this.receive(message.data);
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      clearInterval(this.pinger);
      if (!this.stopped) this.retry();
    };
  }

  retry() {
    const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)] * (0.8 + Math.random() * 0.4);
    this.attempt += 1;
    const wait = Math.max(delay, this.holdUntil - Date.now());
    this.setState('reconnecting', `retrying in ${Math.ceil(wait / 1000)} s`);
    if (this.attempt >= 2) this.handlers.probe?.();
    this.timer = setTimeout(() => { if (!this.stopped) this.open(); }, wait);
  }

  receive(text) {
    let envelope;
    try { envelope = JSON.parse(text); } catch { return; }
    const seq = envelope?.metadata?.seq;
    switch (envelope?.type) {
      case 'connection_established':
        this.attempt = 0;
        this.resumeAsked = false;
        if (this.lastSeq === null) this.lastSeq = Number(envelope.data?.last_seq ?? 0);
        this.setState('connected');
        clearInterval(this.pinger);
        this.pinger = setInterval(() => this.send('ping'), PING_MS);
        this.handlers.onEstablished?.(envelope.data ?? {});
        return;
      case 'error':
        this.handlers.onError?.(envelope.data ?? {});
        return;
      case 'pong':
      case 'heartbeat':
        return;
      default:
        break;
    }
    if (typeof seq !== 'number') return;
    if (this.lastSeq !== null && seq <= this.lastSeq) {
      this.duplicates += 1;
      return;
    }
    if (this.lastSeq !== null && seq > this.lastSeq + 1) {
      // A gap: ask for everything after the last event applied; what arrives meanwhile comes again with it.
      if (!this.resumeAsked) this.resumeAsked = this.send('resume', { after_seq: this.lastSeq });
      return;
    }
    this.lastSeq = seq;
    this.resumeAsked = false;
    this.applied.push(seq);
    this.handlers.onEvent?.(envelope);
  }
}
