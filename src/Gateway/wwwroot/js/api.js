// The gateway's HTTP API: bearer token, JSON, RFC 7807 problem details turned into readable errors.

let token = null;
let onUnauthorized = () => {};

/** An error the server explained: problem details' detail (or title), its code and status. */
export class ApiError extends Error {
  constructor(message, status, code) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function setToken(value) { token = value; }
export function getToken() { return token; }
export function setUnauthorizedHandler(handler) { onUnauthorized = handler; }

/** The words for a failed response: problem details' detail, else its title, else the status line. */
export function problemMessage(status, body, statusText = '') {
  if (body && typeof body === 'object') {
    const text = body.detail || body.title || body.message;
    if (text) return String(text);
  }
  if (typeof body === 'string' && body.trim() && body.length < 300 && !body.trimStart().startsWith('<')) return body.trim();
  if (status === 0) return 'The gateway cannot be reached. Check that it is running.';
  return `The server answered ${status}${statusText ? ` ${statusText}` : ''}.`;
}

function parse(text) {
  if (!text) return null;
  try { return JSON.parse(text); } catch { return text; }
}

/**
 * Calls the API. Resolves with the parsed body; rejects with an ApiError whose message is fit to show.
 * A 401 also calls the unauthorized handler (back to sign-in), unless options.anonymous.
 */
export async function request(method, path, { body, headers = {}, anonymous = false, timeoutMs = 30000 } = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const init = { method, headers: { Accept: 'application/json', ...headers }, signal: controller.signal };
  if (!anonymous && token) init.headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) {
    init.headers['Content-Type'] ??= 'application/json';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    throw new ApiError(error.name === 'AbortError'
      ? `The server did not answer within ${timeoutMs / 1000} s.`
      : problemMessage(0), 0, 'network');
  } finally {
    clearTimeout(timer);
  }
  const data = parse(await response.text());
  if (!response.ok) {
    const error = new ApiError(problemMessage(response.status, data, response.statusText), response.status, data?.code);
    if (response.status === 401 && !anonymous) onUnauthorized(error);
    throw error;
  }
  return data;
}

export const api = {
  devToken: (userId) => request('POST', '/api/auth/dev-token', { body: { user_id: userId, role: 'user' }, anonymous: true }),
  threads: () => request('GET', '/api/threads'),
  createThread: (title) => request('POST', '/api/threads', { body: title ? { title } : {} }),
  renameThread: (id, title) => request('PATCH', `/api/threads/${encodeURIComponent(id)}`, { body: { title } }),
  deleteThread: (id) => request('DELETE', `/api/threads/${encodeURIComponent(id)}`),
  messages: (id) => request('GET', `/api/threads/${encodeURIComponent(id)}/messages`),
  runs: (id) => request('GET', `/api/threads/${encodeURIComponent(id)}/runs`),
  startRun: (id, message) => request('POST', `/api/threads/${encodeURIComponent(id)}/runs`, { body: { message } }),
  runEvents: (id) => request('GET', `/api/runs/${encodeURIComponent(id)}/events`),
  cancelRun: (id) => request('POST', `/api/runs/${encodeURIComponent(id)}/cancel`),
  datasets: () => request('GET', '/api/workloads/datasets'),
  summary: (dataset) => request('GET', `/api/workloads/summary${dataset ? `?dataset=${encodeURIComponent(dataset)}` : ''}`),
};

/**
 * Uploads a body with XMLHttpRequest, for its upload progress. onProgress gets a fraction 0..1.
 * Resolves with the parsed body; rejects with an ApiError as request() does.
 */
export function upload(path, body, contentType, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('Content-Type', contentType);
    xhr.setRequestHeader('Accept', 'application/json');
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.timeout = 300000;
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => {
      const data = parse(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) { onProgress(1); resolve(data); return; }
      const error = new ApiError(problemMessage(xhr.status, data, xhr.statusText), xhr.status, data?.code);
      if (xhr.status === 401) onUnauthorized(error);
      reject(error);
    };
    xhr.onerror = () => reject(new ApiError(problemMessage(0), 0, 'network'));
    xhr.ontimeout = () => reject(new ApiError('The upload took too long and was abandoned.', 0, 'timeout'));
    xhr.send(body);
  });
}
