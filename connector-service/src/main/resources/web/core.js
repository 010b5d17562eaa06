// The web UI's shared core: DOM building, formatting, the API client with its CSRF token, and
// what every page uses to poll, re-render and clean up.

export const CSRF = document.querySelector('meta[name="csrf-token"]').content;
// What the signed-in role may do, as the server decided it: what it may not do is not offered.
export const MAY = new Set(document.querySelector('meta[name="may"]').content.split(' ').filter(Boolean));
export const PAGE_SIZE = 50;

// ---------- DOM ----------

/** h('a', {href: '#'}, 'text', child…): an element; strings become text nodes. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Appends children (nodes, text, arrays; null and false are skipped). */
export function add(el, ...children) {
  return append(el, children);
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function badge(state) {
  const labels = (loadedSpec() || {}).connectorStates || {};
  return h('span', { class: 'badge ' + state, 'data-state': state }, labels[state] || titleCase(state));
}

export function sev(n) {
  const k = Number(n);
  const label = ((loadedSpec() || {}).findingSeverities || {})[k];
  return h('span', { class: 'sev sev-' + Math.max(0, Math.min(4, k - 1)) }, label ? label + ' (' + k + ')' : String(n ?? '–'));
}

export function titleCase(s) {
  return s ? String(s).charAt(0) + String(s).slice(1).toLowerCase().replaceAll('_', ' ') : '';
}

export function when(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return h('time', { datetime: iso, title: iso }, d.toLocaleString(undefined,
    { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }));
}

export function duration(ms) {
  if (ms === null || ms === undefined) return '–';
  if (ms < 1000) return ms + ' ms';
  const s = ms / 1000;
  if (s < 90) return s.toFixed(1) + ' s';
  return Math.floor(s / 60) + ' min ' + Math.round(s % 60) + ' s';
}

export function num(n) {
  return n === null || n === undefined ? '–' : Number(n).toLocaleString();
}

export function alertBox(kind, title, lines, remedy) {
  return h('div', { class: 'alert ' + kind, role: kind === 'error' ? 'alert' : 'status' },
    title ? h('strong', {}, title) : null,
    lines && lines.length ? h('ul', {}, lines.map(l => h('li', {}, l))) : null,
    remedy ? remedyLine(remedy) : null);
}

export function remedyLine(text, tag) {
  return h(tag || 'div', { class: 'remedy' }, h('strong', {}, 'Remedy: '), text);
}

export function errorBox(e, title) {
  const body = e && e.body;
  if (body && body.code) {
    return alertBox('error', title ? title + ': ' + body.message : body.message, body.details || []);
  }
  return alertBox('error', title || 'The request failed', [String(e && e.message || e)]);
}

export function flash(message, kind) {
  const f = document.getElementById('flash');
  add(clear(f), alertBox(kind || 'ok', message));
  clearTimeout(flash.timer);
  flash.timer = setTimeout(() => clear(f), 8000);
}

// ---------- API ----------

class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : 'HTTP ' + status);
    this.status = status;
    this.body = body;
  }
}

export async function api(method, path, body) {
  const init = { method, credentials: 'same-origin', headers: { 'Accept': 'application/json' } };
  if (method !== 'GET') init.headers['X-CSRF-Token'] = CSRF;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const r = await fetch(path, init);
  if (r.status === 401) {
    location.href = '/ui/login';
    throw new ApiError(401, { message: 'signed out' });
  }
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = { message: text }; }
  if (!r.ok) throw new ApiError(r.status, json);
  return json;
}

/** Test Connection, streamed: onCheck(check) for each check as it ends; resolves to the result. */
export async function testConnection(body, onCheck) {
  const r = await fetch('/api/connectors/test', { method: 'POST', credentials: 'same-origin',
    headers: { 'Accept': 'application/x-ndjson', 'Content-Type': 'application/json', 'X-CSRF-Token': CSRF },
    body: JSON.stringify(body) });
  if (r.status === 401) { location.href = '/ui/login'; return null; }
  if (!r.ok) {
    let json = null;
    try { json = await r.json(); } catch (e) { /* not JSON */ }
    throw new ApiError(r.status, json);
  }
  const reader = r.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let result = null;
  for (;;) {
    const { done, value } = await reader.read();
    if (value) buffer += decoder.decode(value, { stream: true });
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (!line) continue;
      const msg = JSON.parse(line);
      if (msg.check) onCheck(msg.check);
      if (msg.result) result = msg.result;
    }
    if (done) break;
  }
  if (!result) throw new Error('the test ended before all checks were reported');
  return result;
}

let timezones = null;
export async function timezoneList() {
  if (!timezones) timezones = (await api('GET', '/api/timezones')).timezones;
  return timezones;
}

let specCache = null;
/** The settings table (GET /api/spec): sync settings and connector limits, never copied here. */
/** The spec once loaded (app.js loads it before the first page), for code that cannot wait. */
export function loadedSpec() {
  return specCache;
}

/** How the spec labels a choice of a setting, e.g. choiceLabel('preset', 'ALL'). */
export function choiceLabel(key, value) {
  const setting = ((loadedSpec() || {}).settings || []).find(s => s.key === key);
  return (setting && (setting.choiceLabels || {})[value]) || titleCase(value);
}

export async function settingsSpec() {
  if (!specCache) specCache = await api('GET', '/api/spec');
  return specCache;
}

export const defaults = {};
export async function defaultMapping(kind) {
  if (!defaults[kind]) defaults[kind] = await api('GET', '/api/defaults/' + kind);
  return defaults[kind];
}

// ---------- routing ----------

let cleanup = [];
export function onLeave(fn) { cleanup.push(fn); }

/** Runs and forgets what the page being left registered with onLeave. */
export function leavePage() {
  cleanup.forEach(fn => fn());
  cleanup = [];
}

export function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/overview';
  const [path, qs] = raw.split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(qs || '') };
}


export function go(hash) {
  // the same hash fires no hashchange: send one, so the router in app.js renders the page again
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange')); else location.hash = hash;
}

/** Runs fn every ms while the page stays; fn returns false to stop. */
export function poll(fn, ms) {
  let stopped = false;
  let timer = null;
  const tick = async () => {
    if (stopped) return;
    let again = true;
    try { again = await fn(); } catch (e) { again = true; }
    if (!stopped && again !== false) timer = setTimeout(tick, ms);
  };
  timer = setTimeout(tick, ms);
  onLeave(() => { stopped = true; clearTimeout(timer); });
}

/** Re-renders a region, keeping keyboard focus on the element with the same id. */
export function rerender(region, build) {
  const focused = document.activeElement && region.contains(document.activeElement) ? document.activeElement.id : null;
  add(clear(region), build());
  if (focused) {
    const again = document.getElementById(focused);
    if (again) again.focus();
  }
}
