// tenable-connector web UI: a single page over the service's JSON API, in plain JavaScript.
// Every value from the server goes into the page as text (never as HTML), and no key is ever
// put back into the page once typed.
'use strict';

const CSRF = document.querySelector('meta[name="csrf-token"]').content;
const SEVERITIES = { 1: 'Info', 2: 'Low', 3: 'Medium', 4: 'High', 5: 'Critical' };
const STATE_LABEL = { REGISTERED: 'Registered', SCHEDULED: 'Scheduled', PROCESSING: 'Processing',
  PROCESSED: 'Processed', ERRORED: 'Errored' };
const CHECK_NAMES = ['Network reachability', 'TLS handshake', 'Authentication credential check',
  'Authorization scope check', 'Data fetch'];
const PAGE_SIZE = 50;

// ---------- DOM ----------

/** h('a', {href: '#'}, 'text', child…): an element; strings become text nodes. */
function h(tag, attrs, ...children) {
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

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Appends children (nodes, text, arrays; null and false are skipped). */
function add(el, ...children) {
  return append(el, children);
}

function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

function badge(state) {
  return h('span', { class: 'badge ' + state, 'data-state': state }, STATE_LABEL[state] || titleCase(state));
}

function sev(n) {
  const k = Number(n);
  return h('span', { class: 'sev sev-' + Math.max(0, Math.min(4, k - 1)) }, SEVERITIES[k] ? SEVERITIES[k] + ' (' + k + ')' : String(n ?? '–'));
}

function titleCase(s) {
  return s ? String(s).charAt(0) + String(s).slice(1).toLowerCase().replaceAll('_', ' ') : '';
}

function when(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return h('time', { datetime: iso, title: iso }, d.toLocaleString(undefined,
    { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }));
}

function duration(ms) {
  if (ms === null || ms === undefined) return '–';
  if (ms < 1000) return ms + ' ms';
  const s = ms / 1000;
  if (s < 90) return s.toFixed(1) + ' s';
  return Math.floor(s / 60) + ' min ' + Math.round(s % 60) + ' s';
}

function num(n) {
  return n === null || n === undefined ? '–' : Number(n).toLocaleString();
}

function alertBox(kind, title, lines, remedy) {
  return h('div', { class: 'alert ' + kind, role: kind === 'error' ? 'alert' : 'status' },
    title ? h('strong', {}, title) : null,
    lines && lines.length ? h('ul', {}, lines.map(l => h('li', {}, l))) : null,
    remedy ? remedyLine(remedy) : null);
}

function remedyLine(text, tag) {
  return h(tag || 'div', { class: 'remedy' }, h('strong', {}, 'Remedy: '), text);
}

function errorBox(e, title) {
  const body = e && e.body;
  if (body && body.code) {
    return alertBox('error', title ? title + ': ' + body.message : body.message, body.details || []);
  }
  return alertBox('error', title || 'The request failed', [String(e && e.message || e)]);
}

function flash(message, kind) {
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

async function api(method, path, body) {
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
async function testConnection(body, onCheck) {
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
async function timezoneList() {
  if (!timezones) timezones = (await api('GET', '/api/timezones')).timezones;
  return timezones;
}

let specCache = null;
/** The settings table (GET /api/spec): sync settings and connector limits, never copied here. */
async function settingsSpec() {
  if (!specCache) specCache = await api('GET', '/api/spec');
  return specCache;
}

const defaults = {};
async function defaultMapping(kind) {
  if (!defaults[kind]) defaults[kind] = await api('GET', '/api/defaults/' + kind);
  return defaults[kind];
}

// ---------- routing ----------

let cleanup = [];
function onLeave(fn) { cleanup.push(fn); }

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/connections';
  const [path, qs] = raw.split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(qs || '') };
}

async function route() {
  cleanup.forEach(fn => fn());
  cleanup = [];
  const { parts, params } = parseHash();
  // data-ready names the route once its first render is complete: tests (and scripts) wait on it
  delete document.body.dataset.ready;
  const view = clear(document.getElementById('view'));
  document.querySelectorAll('[data-nav]').forEach(a => a.classList.toggle('active', a.dataset.nav === parts[0]
    || (parts[0] === 'connectors' && a.dataset.nav === 'connections')));
  try {
    if (parts[0] === 'connections' || parts.length === 0) await connectionsView(view);
    else if (parts[0] === 'connectors' && parts[1] === 'new') await wizardView(view);
    else if (parts[0] === 'connectors' && parts[2] === 'edit') await editView(view, parts[1]);
    else if (parts[0] === 'connectors' && parts[2] === 'runs' && parts[3]) await runView(view, parts[1], parts[3]);
    else if (parts[0] === 'connectors' && parts[1]) await connectorView(view, parts[1]);
    else if ((parts[0] === 'assets' || parts[0] === 'findings') && parts[1]) await recordView(view, parts[0], parts[1]);
    else if (parts[0] === 'assets' || parts[0] === 'findings') await inventoryView(view, parts[0], params);
    else add(view, h('h1', {}, 'Not found'), h('p', {}, 'No page here. ', h('a', { href: '#/connections' }, 'Go to the connections.')));
  } catch (e) {
    if (e.status !== 401) add(view, errorBox(e, 'This page could not be loaded'));
  }
  const heading = view.querySelector('h1');
  if (heading) document.title = heading.textContent + ' · tenable-connector';
  document.body.dataset.ready = location.hash || '#/connections';
  if (!document.activeElement || document.activeElement === document.body) view.focus({ preventScroll: true });
}

function go(hash) {
  if (location.hash === hash) route(); else location.hash = hash;
}

/** Runs fn every ms while the page stays; fn returns false to stop. */
function poll(fn, ms) {
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
function rerender(region, build) {
  const focused = document.activeElement && region.contains(document.activeElement) ? document.activeElement.id : null;
  add(clear(region), build());
  if (focused) {
    const again = document.getElementById(focused);
    if (again) again.focus();
  }
}

// ---------- connections ----------

function busy(c) {
  return c.state === 'SCHEDULED' || c.state === 'PROCESSING';
}

function lastRunCell(c) {
  const r = c.lastRun;
  if (c.progress) {
    const p = c.progress;
    return h('div', {}, p.runId ? h('a', { href: '#/connectors/' + c.id + '/runs/' + p.runId }, 'Run ' + p.runId + ' in progress')
      : h('span', {}, 'Run starting'),
      h('div', { class: 'small muted' }, num(p.assets) + ' assets · ' + num(p.findings) + ' findings · chunk '
        + p.chunksDone + (p.chunksTotal ? ' of ' + p.chunksTotal : '')),
      p.retrying ? h('div', { class: 'small warn', id: 'retrying-' + c.id.slice(0, 8) }, retryingText(p.retrying)) : null);
  }
  if (!r) return h('span', { class: 'muted' }, 'not run yet');
  return h('div', {},
    h('a', { href: '#/connectors/' + c.id + '/runs/' + r.runId }, titleCase(r.mode) + ' run ' + r.runId), ' ',
    h('span', { class: 'badge ' + r.status }, titleCase(r.status)),
    h('div', { class: 'small muted' }, num(r.counts.assets.seen) + ' assets · ' + num(r.counts.findings.seen)
      + ' findings · ', when(r.finishedAt || r.startedAt)));
}

/** What a run waiting on Tenable is retrying, in a sentence. */
function retryingText(r) {
  return 'Retrying (attempt ' + r.attempt + ' failed): ' + r.request + ' · since ' + when(r.since);
}

async function connectorAction(c, action) {
  try {
    if (action === 'cancel') {
      if (!confirm('Cancel the run of "' + c.name + '"? Its Tenable export is cancelled too; what it stored so far is kept.')) return false;
      await api('POST', '/api/connectors/' + c.id + '/cancel');
      flash('Run of "' + c.name + '" cancelled.');
    } else if (action === 'run') {
      await api('POST', '/api/connectors/' + c.id + '/runs');
      flash('Run of "' + c.name + '" queued.');
    } else if (action === 'toggle') {
      await api('PUT', '/api/connectors/' + c.id, { enabled: !c.enabled });
      flash('"' + c.name + '" ' + (c.enabled ? 'disabled: it will not run on its schedule.' : 'enabled.'));
    } else if (action === 'delete') {
      if (!confirm('Delete the connector "' + c.name + '"? Its inventory records and run history stay.'
        + (busy(c) ? ' Its run under way is cancelled first.' : ''))) return false;
      await api('DELETE', '/api/connectors/' + c.id);
      flash('Connector "' + c.name + '" deleted.');
    }
    return true;
  } catch (e) {
    const f = document.getElementById('flash');
    add(clear(f), errorBox(e, 'Could not ' + (action === 'run' ? 'start the run' : action === 'cancel'
      ? 'cancel the run' : action === 'toggle' ? 'change the connector' : 'delete the connector')));
    return false;
  }
}

function connectorActions(c, refresh, opts) {
  const id = c.id.slice(0, 8);
  return h('div', { class: 'actions' },
    h('button', { class: 'small primary', id: 'run-' + id, disabled: busy(c) || !c.enabled,
      title: !c.enabled ? 'Enable the connector to run it' : null,
      onclick: async () => { if (await connectorAction(c, 'run')) refresh(); } }, 'Run now'),
    busy(c) ? h('button', { class: 'small', id: 'cancel-' + id,
      onclick: async () => { if (await connectorAction(c, 'cancel')) refresh(); } }, 'Cancel run') : null,
    h('a', { class: 'button small', id: 'edit-' + id, href: '#/connectors/' + c.id + '/edit' }, 'Edit'),
    h('button', { class: 'small', id: 'toggle-' + id, onclick: async () => { if (await connectorAction(c, 'toggle')) refresh(); } },
      c.enabled ? 'Disable' : 'Enable'),
    h('button', { class: 'small danger', id: 'delete-' + id, onclick: async () => {
      if (await connectorAction(c, 'delete')) (opts && opts.afterDelete ? opts.afterDelete() : refresh());
    } }, 'Delete'));
}

function errorDetail(err) {
  if (!err) return null;
  return h('div', { class: 'alert error', role: 'alert' },
    h('strong', {}, 'Cause: '), h('strong', {}, err.cause || err.code), err.tenableStatus ? ' (Tenable answered ' + err.tenableStatus + ')' : '',
    err.message ? h('div', { class: 'small' }, err.message) : null,
    err.remedy ? remedyLine(err.remedy) : null,
    err.at ? h('div', { class: 'small muted' }, 'At ', when(err.at)) : null);
}

async function connectionsView(view) {
  add(view, h('div', { class: 'spread' }, h('h1', {}, 'Connections'),
    h('a', { class: 'button primary', href: '#/connectors/new', id: 'new-connector' }, 'New connector')));
  const region = h('div', { id: 'connections' });
  add(view, region);
  let last = '';
  const refresh = async () => {
    const { connectors } = await api('GET', '/api/connectors');
    const key = JSON.stringify(connectors);
    if (key !== last) {
      last = key;
      rerender(region, () => connectionsTable(connectors, refresh));
    }
    return connectors;
  };
  await refresh();
  poll(async () => { await refresh(); return true; }, 2000);
}

function connectionsTable(connectors, refresh) {
  if (connectors.length === 0) {
    return h('div', { class: 'panel' }, h('p', {}, 'No connectors yet. A connector pulls the host assets and findings of one Tenable account on a schedule.'),
      h('a', { class: 'button primary', href: '#/connectors/new' }, 'Set up the first connector'));
  }
  const rows = [];
  for (const c of connectors) {
    rows.push(h('tr', { 'data-connector': c.name },
      h('td', {}, h('a', { href: '#/connectors/' + c.id, class: 'connector-name' }, c.name),
        c.description ? h('div', { class: 'small muted' }, c.description) : null,
        !c.enabled ? h('span', { class: 'badge DISABLED' }, 'Disabled') : null),
      h('td', {}, badge(c.state)),
      h('td', {}, lastRunCell(c)),
      h('td', {}, c.nextRunAt ? when(c.nextRunAt) : h('span', { class: 'muted' }, '–'),
        h('div', { class: 'small muted' }, c.scheduleDescription)),
      h('td', {}, connectorActions(c, refresh))));
    if (c.state === 'ERRORED' && c.lastError) {
      rows.push(h('tr', { class: 'errored-detail' }, h('td', { colspan: 5 }, errorDetail(c.lastError))));
    }
    if (c.warning) rows.push(h('tr', {}, h('td', { colspan: 5 }, alertBox('warn', c.warning))));
  }
  return h('div', { class: 'table-wrap' }, h('table', { id: 'connections-table' },
    h('thead', {}, h('tr', {}, ['Connector', 'State', 'Last run', 'Next run', 'Actions'].map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows)));
}

// ---------- connector detail ----------

function filtersText(f) {
  const parts = [];
  if (f.severities && f.severities.length) parts.push('severities ' + f.severities.join(', '));
  if (f.states && f.states.length) parts.push('states ' + f.states.join(', '));
  for (const [k, v] of Object.entries(f.tags || {})) parts.push('tag ' + k + ' = ' + v.join(' or '));
  if (f.networkId) parts.push('network ' + f.networkId);
  if (f.cidr) parts.push('range ' + f.cidr);
  return parts.length ? parts.join('; ') : 'none (everything the account can view)';
}

function fieldList(pairs) {
  return h('dl', { class: 'fields' }, pairs.filter(p => p).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

function progressBlock(p) {
  const pct = p.chunksTotal ? Math.min(100, Math.round(100 * p.chunksDone / p.chunksTotal)) : null;
  return h('div', { class: 'panel', id: 'progress', 'aria-live': 'polite' },
    h('h2', {}, p.runId ? 'Processing: run ' + p.runId : 'Processing: starting'), h('div', { class: 'muted' }, titleCase(p.mode) + ' · ' + (p.phase || 'starting')),
    h('div', { class: 'progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': pct ?? 0,
      'aria-label': 'chunks processed' }, h('div', { 'data-pct': pct ?? 0 })),
    fieldList([['Chunks', h('span', { id: 'chunks' }, p.chunksDone + ' done' + (p.chunksTotal ? ' of ' + p.chunksTotal : ' (total not known yet)'))],
      ['Records', h('span', { id: 'records' }, num(p.assets) + ' assets, ' + num(p.findings) + ' findings')],
      ['Rate', num(p.recordsPerSecond) + ' records/s'], ['Started', when(p.startedAt)],
      p.retrying ? ['Tenable', h('span', { id: 'retrying', class: 'warn' }, retryingText(p.retrying))] : null,
      p.retries ? ['Retries', num(p.retries)] : null]));
}

/** Progress bar widths come from data attributes: the page's CSP allows no inline styles. */
function sizeBars(root) {
  root.querySelectorAll('.progress > div[data-pct]').forEach(d => { d.style.width = d.dataset.pct + '%'; });
}

async function connectorView(view, id) {
  const head = h('div', {});
  const tested = h('div', { id: 'saved-test', 'aria-live': 'polite' });
  const region = h('div', {});
  add(view, head, tested, region);
  const testSaved = async (button) => {
    button.disabled = true;
    const list = checksList();
    list.reset();
    add(clear(tested), h('div', { class: 'panel' }, h('h2', {}, 'Test Connection with the stored keys'), list.el));
    try {
      const result = await api('POST', '/api/connectors/' + id + '/test');
      list.show(result.checks);
      const failed = result.checks.find(c => c.status === 'FAILED');
      add(tested.firstChild, failed ? alertBox('error', 'Failed at "' + failed.name + '"', [failed.message], failed.remedy)
        : alertBox('ok', 'All five checks passed.'));
    } catch (e) {
      add(clear(tested), errorBox(e, 'Test Connection could not run'));
    } finally {
      button.disabled = false;
    }
  };
  let last = '';
  const render = async () => {
    const c = await api('GET', '/api/connectors/' + id);
    const { runs } = await api('GET', '/api/connectors/' + id + '/runs?limit=20');
    const key = JSON.stringify([c, runs]);
    if (key === last) return c;
    last = key;
    rerender(head, () => h('div', {}, h('p', { class: 'small' }, h('a', { href: '#/connections' }, '← Connections')),
      h('div', { class: 'spread' }, h('h1', {}, c.name, ' ', badge(c.state)),
        h('div', { class: 'actions' }, h('button', { class: 'small', id: 'test-saved', onclick: (e) => testSaved(e.currentTarget) }, 'Test Connection'),
          connectorActions(c, render, { afterDelete: () => go('#/connections') })))));
    rerender(region, () => {
      const out = [];
      if (c.state === 'ERRORED') out.push(errorDetail(c.lastError));
      if (c.warning) out.push(alertBox('warn', c.warning));
      if (c.progress) out.push(progressBlock(c.progress));
      out.push(h('div', { class: 'panel' }, fieldList([
        ['Description', c.description || '–'], ['Tenable URL', c.tenableUrl],
        ['Account', c.account.label ? c.account.label + (c.account.verified ? '' : ' (not verified)') : (c.untested ? 'not verified: created without Test Connection' : '–')],
        ['Data to sync', c.dataToSync === 'ASSETS' ? 'Assets' : 'Assets & Findings'],
        ['Preset', c.preset === 'ALL' ? 'All' : 'Exposure management'],
        ['Filters', filtersText(c.filters)],
        ['Schedule', c.scheduleDescription], ['Next run', c.nextRunAt ? when(c.nextRunAt) : '–'],
        ['Retain Delta', c.retainDelta ? 'Yes: runs after the first import only changes' : 'No: the next run is a full import'],
        ['Enabled', c.enabled ? 'Yes' : 'No'],
        ['Transform map', c.transformMap ? 'edited copy "' + (c.transformMap.name || 'unnamed') + '"' : 'built-in'],
        ['Risk severity mapping', c.severityMapping ? 'edited copy' : 'built-in'],
        ['Keys', 'set (never shown) · last changed ', when(c.keysUpdatedAt)],
        ['Last Test Connection', c.testedAt ? when(c.testedAt) : 'never'],
        ['State since', when(c.stateChangedAt)]])));
      out.push(h('h2', {}, 'Runs'));
      out.push(runsTable(c, runs));
      const el = h('div', {}, out);
      sizeBars(el);
      return el;
    });
    return c;
  };
  await render();
  poll(async () => { await render(); return true; }, 1500);
}

function runsTable(c, runs) {
  if (!runs.length) return h('p', { class: 'muted' }, 'No runs yet.');
  return h('div', { class: 'table-wrap' }, h('table', { id: 'runs-table' },
    h('thead', {}, h('tr', {}, ['Run', 'Mode', 'Status', 'Started', 'Duration', 'Assets', 'Findings', 'Rejected'].map(t =>
      h('th', { scope: 'col', class: ['Assets', 'Findings', 'Rejected'].includes(t) ? 'num' : null }, t)))),
    h('tbody', {}, runs.map(r => h('tr', {},
      h('td', {}, h('a', { href: '#/connectors/' + c.id + '/runs/' + r.runId }, 'Run ' + r.runId)),
      h('td', {}, titleCase(r.mode)), h('td', {}, h('span', { class: 'badge ' + r.status }, titleCase(r.status))),
      h('td', {}, when(r.startedAt)), h('td', {}, duration(r.durationMs)),
      h('td', { class: 'num' }, num(r.counts.assets.seen)), h('td', { class: 'num' }, num(r.counts.findings.seen)),
      h('td', { class: 'num' }, num(r.counts.assets.rejected + r.counts.findings.rejected)))))));
}

// ---------- run detail ----------

async function runView(view, id, runId) {
  const region = h('div', {});
  add(view, region);
  let last = '';
  const render = async () => {
    const c = await api('GET', '/api/connectors/' + id);
    let run = null;
    try { run = await api('GET', '/api/connectors/' + id + '/runs/' + runId + '?rejectedLimit=200'); } catch (e) { if (e.status !== 404) throw e; }
    // a finished run's record can land a moment before its live progress is dropped
    const live = c.progress && String(c.progress.runId) === String(runId) && (!run || run.status === 'RUNNING') ? c.progress : null;
    const key = JSON.stringify([run, live]);
    if (key !== last) {
      last = key;
      rerender(region, () => { const el = runPage(c, runId, run, live); sizeBars(el); return el; });
    }
    return live || !run || run.status === 'RUNNING';
  };
  if (await render()) poll(render, 1000);
}

function excerpt(text) {
  if (!text) return '';
  if (text.length <= 120) return h('code', {}, text);
  return h('details', {}, h('summary', {}, h('code', {}, text.slice(0, 120) + '…')), h('pre', {}, text));
}

const COUNT_COLUMNS = ['seen', 'inserted', 'updated', 'unchanged', 'rejected', 'filtered', 'deleted', 'terminated', 'fixed'];

function runPage(c, runId, run, live) {
  const out = [h('p', { class: 'small' }, h('a', { href: '#/connectors/' + c.id }, '← ' + c.name))];
  out.push(h('h1', {}, 'Run ' + runId, ' ', run ? h('span', { class: 'badge ' + run.status, id: 'run-status' }, titleCase(run.status))
    : h('span', { class: 'badge PROCESSING', id: 'run-status' }, 'Starting')));
  if (live) out.push(progressBlock(live));
  if (!run) {
    out.push(h('p', { class: 'muted' }, 'The run has not started writing yet.'));
    return h('div', {}, out);
  }
  if (run.status === 'FAILED') {
    out.push(h('div', { class: 'alert error', role: 'alert' }, h('strong', {}, run.errorCode || 'Failed'),
      run.tenableStatus ? ' (Tenable answered ' + run.tenableStatus + ')' : '',
      h('div', {}, run.message), run.remedy ? remedyLine(run.remedy) : null));
  }
  out.push(h('div', { class: 'panel' }, fieldList([
    ['Mode', titleCase(run.mode)], ['Scope', titleCase(run.scope)], ['Preset', titleCase(run.preset)], ['Transform map', run.transformMap],
    ['Started', when(run.startedAt)], ['Finished', when(run.finishedAt)], ['Duration', duration(run.durationMs)],
    ['Rate', num(run.recordsPerSecond) + ' records/s'], ['Watermark before', when(run.watermarkBefore)],
    ['Watermark after', when(run.watermarkAfter)], run.resumedCount ? ['Resumed', run.resumedCount + ' time(s) after an interruption'] : null])));
  out.push(h('h2', {}, run.status === 'RUNNING' ? 'Summary so far' : 'Summary'));
  out.push(h('div', { class: 'table-wrap' }, h('table', { id: 'run-counts' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, ''), COUNT_COLUMNS.map(k => h('th', { scope: 'col', class: 'num' }, k)))),
    h('tbody', {}, ['assets', 'findings'].map(e => h('tr', { 'data-entity': e }, h('th', { scope: 'row' }, e),
      COUNT_COLUMNS.map(k => h('td', { class: 'num', 'data-count': k }, num(run.counts[e][k])))))))));
  out.push(h('h2', {}, 'Exports used'));
  out.push(run.exports.length ? h('div', { class: 'table-wrap' }, h('table', { id: 'run-exports' },
    h('thead', {}, h('tr', {}, ['Phase', 'Kind', 'Export UUID', 'Attempt', 'Status', 'Outcome', 'Data as of', 'Message'].map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, run.exports.map(x => h('tr', {}, h('td', {}, x.phase), h('td', {}, x.kind), h('td', { class: 'mono' }, x.exportUuid),
      h('td', {}, x.attempt), h('td', {}, x.status), h('td', {}, x.outcome || '–'), h('td', {}, when(x.dataAsOf)), h('td', {}, x.message || ''))))))
    : h('p', { class: 'muted' }, 'None yet.'));
  out.push(h('h2', {}, 'Rejected records'));
  out.push(run.rejected.length ? h('div', { class: 'table-wrap' }, h('table', { id: 'run-rejected' },
    h('thead', {}, h('tr', {}, ['Entity', 'Chunk', 'Position', 'Reason', 'Excerpt'].map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, run.rejected.map(r => h('tr', {}, h('td', {}, r.entity), h('td', {}, r.chunkId), h('td', {}, r.position),
      h('td', {}, r.reason), h('td', {}, excerpt(r.excerpt)))))))
    : h('p', { class: 'muted', id: 'no-rejected' }, 'No record was set aside.'));
  return h('div', {}, out);
}

// ---------- form parts ----------

let uid = 0;
function field(label, input, help) {
  if (!input.id) input.id = 'f' + (++uid);
  return h('div', {}, h('label', { for: input.id }, label), input, help ? h('div', { class: 'field-help' }, help) : null);
}

function descriptionField(value, max) {
  const counter = h('span', { class: 'counter', id: 'description-counter', 'aria-live': 'polite' });
  const area = h('textarea', { id: 'description', maxlength: max, rows: 3 });
  area.value = value || '';
  const update = () => {
    const n = [...area.value].length;
    counter.textContent = n + ' / ' + max;
    counter.classList.toggle('over', n > max);
  };
  area.addEventListener('input', update);
  update();
  const wrap = h('div', {}, h('label', { for: 'description' }, 'Description ', counter), area,
    h('div', { class: 'field-help' }, 'Optional; up to ' + max + ' characters.'));
  return { el: wrap, value: () => area.value.trim(), input: area, fits: () => [...area.value].length <= max };
}

/** "assetsPerVulnChunk" as a label: "Assets per vuln chunk". */
function settingLabel(key) {
  const words = key.replace(/([A-Z])/g, ' $1').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The sync settings of some groups as form fields, built from GET /api/spec (their type, bounds,
 * default and help); value() returns them by key for the API, which validates them.
 */
function specFields(spec, groups, values) {
  const inputs = [];
  const sets = groups.map(group => {
    const settings = spec.settings.filter(s => s.group === group);
    if (!settings.length) return null;
    return h('fieldset', {}, h('legend', {}, settings[0].groupTitle), h('div', { class: 'grid2' }, settings.map(s => {
      const given = values && values[s.key] !== undefined && values[s.key] !== null ? values[s.key] : s.default;
      let input;
      if (s.type === 'CHOICE') {
        input = h('select', { id: 'setting-' + s.key }, s.choices.map(c => h('option', { value: c }, c)));
        input.value = given;
      } else if (s.type === 'INTEGER') {
        input = h('input', { type: 'number', id: 'setting-' + s.key, min: s.min, max: s.max, step: 1, value: given });
      } else {
        input = h('input', { type: 'text', id: 'setting-' + s.key, value: given == null ? '' : given, placeholder: s.default || '' });
      }
      inputs.push([s, input]);
      return field(settingLabel(s.key), input, s.doc + (s.default != null ? ' Default: ' + s.default + '.' : ''));
    })));
  }).filter(Boolean);
  const value = () => Object.fromEntries(inputs.map(([s, input]) => {
    const text = input.value.trim();
    if (text === '') return [s.key, null];
    return [s.key, s.type === 'INTEGER' && /^-?\d+$/.test(text) ? Number(text) : text];
  }));
  const changed = () => inputs.filter(([s, input]) => String(s.default) !== input.value.trim())
    .map(([s, input]) => settingLabel(s.key) + ' ' + input.value.trim());
  return { el: h('div', {}, sets), value, changed };
}

function radios(name, options, current, onchange) {
  return options.map(([value, label]) => h('label', { class: 'inline' },
    h('input', { type: 'radio', name, value, id: name + '-' + value.toLowerCase(), checked: value === current, onchange }), label));
}

function checkboxes(name, options, selected) {
  return options.map(([value, label]) => h('label', { class: 'inline' },
    h('input', { type: 'checkbox', name, value, id: name + '-' + value.toLowerCase(), checked: selected.includes(value) }), label));
}

function checkedValues(root, name) {
  return [...root.querySelectorAll('input[name="' + name + '"]:checked')].map(i => i.value);
}

/** Data to sync, preset, Tenable-side filters and the export settings; value() returns them for the API. */
function scopeEditor(initial, spec) {
  const v = initial || { dataToSync: 'ASSETS_AND_FINDINGS', preset: 'ALL', filters: {} };
  const f = v.filters || {};
  const tags = h('textarea', { id: 'filter-tags', rows: 2, placeholder: 'Environment=Production\nOwner=Web team' });
  tags.value = Object.entries(f.tags || {}).flatMap(([k, vals]) => vals.map(x => k + '=' + x)).join('\n');
  const network = h('input', { type: 'text', id: 'filter-network', placeholder: '00000000-0000-0000-0000-000000000000', value: f.networkId || '' });
  const cidr = h('input', { type: 'text', id: 'filter-cidr', placeholder: '10.0.0.0/8', value: f.cidr || '' });
  const preset = h('select', { id: 'preset' }, h('option', { value: 'ALL' }, 'All: every asset and finding the account can view'),
    h('option', { value: 'EXPOSURE_MANAGEMENT' }, 'Exposure management: open and reopened findings, low severity and up'));
  preset.value = v.preset || 'ALL';
  const tuning = specFields(spec, ['EXPORTS', 'RELIABILITY'], v);
  const el = h('div', {},
    h('fieldset', {}, h('legend', {}, 'Data to sync'),
      radios('dataToSync', [['ASSETS_AND_FINDINGS', 'Assets & Findings'], ['ASSETS', 'Assets only']], v.dataToSync || 'ASSETS_AND_FINDINGS'),
      h('div', { class: 'field-help' }, 'Tenable keeps export chunks for 24 hours (assets) or 72 hours (assets and findings): a run must finish within that window.')),
    field('Preset', preset),
    h('fieldset', {}, h('legend', {}, 'Filters (applied by Tenable)'),
      h('div', {}, h('strong', { class: 'small' }, 'Severities '),
        checkboxes('severity', [['INFO', 'Info'], ['LOW', 'Low'], ['MEDIUM', 'Medium'], ['HIGH', 'High'], ['CRITICAL', 'Critical']], f.severities || [])),
      h('div', {}, h('strong', { class: 'small' }, 'Finding states '),
        checkboxes('state', [['OPEN', 'Open'], ['REOPENED', 'Reopened'], ['FIXED', 'Fixed']], f.states || [])),
      h('div', { class: 'field-help' }, 'None ticked: all of them.'),
      h('div', { class: 'grid2' }, field('Tags (one Category=Value a line)', tags), h('div', {},
        field('Network UUID', network), field('IP range (CIDR)', cidr)))),
    h('details', { id: 'export-settings' }, h('summary', {}, 'Export sizes, retries and parallelism'), tuning.el));
  return {
    el,
    value: () => {
      const tagMap = {};
      for (const line of tags.value.split('\n').map(s => s.trim()).filter(Boolean)) {
        const i = line.indexOf('=');
        const k = i < 0 ? line : line.slice(0, i).trim();
        const val = i < 0 ? '' : line.slice(i + 1).trim();
        (tagMap[k] = tagMap[k] || []).push(val);
      }
      return { ...tuning.value(), dataToSync: checkedValues(el, 'dataToSync')[0], preset: preset.value,
        filters: { severities: checkedValues(el, 'severity'), states: checkedValues(el, 'state'), tags: tagMap,
          networkId: network.value.trim() || null, cidr: cidr.value.trim() || null } };
    },
    changed: tuning.changed,
  };
}

function browserZone() {
  try { return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'; } catch (e) { return 'UTC'; }
}

/** Daily, or Custom (single occurrence or recurring), or only by hand; each with a time zone. */
function scheduleEditor(initial) {
  const s = initial || { type: 'DAILY', time: '02:00', timezone: browserZone() };
  const occurs = h('select', { id: 'occurs' }, h('option', { value: 'DAILY' }, 'Daily'), h('option', { value: 'CUSTOM' }, 'Custom'),
    h('option', { value: 'MANUAL' }, 'Only when run by hand'));
  occurs.value = s.type === 'ONCE' || s.type === 'RECURRING' ? 'CUSTOM' : s.type;
  const today = new Date().toISOString().slice(0, 10);
  const date = h('input', { type: 'date', id: 'schedule-date', value: s.date || s.startDate || today });
  const time = h('input', { type: 'time', id: 'schedule-time', value: s.time || '02:00' });
  const zone = h('input', { type: 'text', id: 'schedule-timezone', list: 'timezone-list', value: s.timezone || browserZone(),
    autocomplete: 'off', spellcheck: 'false' });
  const every = h('input', { type: 'number', id: 'schedule-every', min: 1, max: 1000, value: s.every || 1 });
  const unit = h('select', { id: 'schedule-unit' }, h('option', { value: 'HOURS' }, 'hours'), h('option', { value: 'DAYS' }, 'days'),
    h('option', { value: 'WEEKS' }, 'weeks'));
  unit.value = s.unit || 'DAYS';
  const list = h('datalist', { id: 'timezone-list' });
  timezoneList().then(zones => zones.forEach(z => add(list, h('option', { value: z })))).catch(() => {});
  const customKind = h('div', {}, radios('custom', [['ONCE', 'Single occurrence'], ['RECURRING', 'Recurring']],
    s.type === 'RECURRING' ? 'RECURRING' : 'ONCE', () => show()));
  const dateField = field('Start date', date);
  const everyField = h('div', { class: 'row' }, field('Every', every), field('Unit', unit));
  const timeField = field('Start time', time);
  const zoneField = field('Time zone', zone, 'An IANA zone such as UTC, Europe/Berlin or Asia/Calcutta; runs follow its daylight saving changes.');
  const el = h('fieldset', {}, h('legend', {}, 'Schedule'), field('Occurs', occurs), customKind, h('div', { class: 'grid2' }, dateField, timeField),
    everyField, zoneField, list);
  const show = () => {
    const o = occurs.value;
    const kind = checkedValues(el, 'custom')[0];
    customKind.hidden = o !== 'CUSTOM';
    dateField.hidden = o !== 'CUSTOM';
    everyField.hidden = !(o === 'CUSTOM' && kind === 'RECURRING');
    timeField.hidden = o === 'MANUAL';
    zoneField.hidden = o === 'MANUAL';
    timeField.querySelector('label').textContent = o === 'DAILY' ? 'Time' : 'Start time';
  };
  occurs.addEventListener('change', show);
  show();
  return {
    el,
    value: () => {
      const o = occurs.value;
      if (o === 'MANUAL') return { type: 'MANUAL' };
      if (o === 'DAILY') return { type: 'DAILY', time: time.value, timezone: zone.value.trim() };
      if (checkedValues(el, 'custom')[0] === 'RECURRING') {
        return { type: 'RECURRING', startDate: date.value, time: time.value, every: Number(every.value), unit: unit.value, timezone: zone.value.trim() };
      }
      return { type: 'ONCE', date: date.value, time: time.value, timezone: zone.value.trim() };
    },
  };
}

function describeSchedule(s) {
  if (s.type === 'MANUAL') return 'Only when run by hand';
  if (s.type === 'DAILY') return 'Daily at ' + s.time + ' (' + s.timezone + ')';
  if (s.type === 'ONCE') return 'Once on ' + s.date + ' at ' + s.time + ' (' + s.timezone + ')';
  return 'Every ' + s.every + ' ' + String(s.unit).toLowerCase() + ' from ' + s.startDate + ' ' + s.time + ' (' + s.timezone + ')';
}

/**
 * The Advanced Settings panel: the active transform map and risk severity mapping, an edited copy
 * picked from a file or pasted, validated by the service. Changes count only when saved.
 */
function advancedSettings(state, onSaved) {
  const drafts = { transformMap: state.transformMap, severityMapping: state.severityMapping };
  const titles = { transformMap: 'Transform map', severityMapping: 'Risk severity mapping' };
  const panel = h('section', { class: 'advanced', id: 'advanced-panel', 'aria-labelledby': 'advanced-title', hidden: true });
  const tabs = h('div', { role: 'tablist', 'aria-label': 'Advanced settings' });
  const body = h('div', { role: 'tabpanel', id: 'advanced-tabpanel' });
  const problems = h('div', { id: 'advanced-problems', 'aria-live': 'polite' });
  let current = 'transformMap';

  const renderTab = async () => {
    tabs.querySelectorAll('[role=tab]').forEach(t => {
      t.setAttribute('aria-selected', String(t.dataset.kind === current));
      t.tabIndex = t.dataset.kind === current ? 0 : -1;
    });
    const kind = current;
    const builtIn = await defaultMapping(kind);
    const draft = drafts[kind];
    const active = draft || builtIn;
    const textarea = h('textarea', { class: 'code', id: kind + '-edit', spellcheck: 'false', 'aria-label': 'Edited copy of the ' + titles[kind].toLowerCase() });
    textarea.value = draft ? JSON.stringify(draft, null, 2) : '';
    const file = h('input', { type: 'file', id: kind + '-file', accept: '.json,application/json' });
    const result = h('div', { id: kind + '-validation', 'aria-live': 'polite' });
    file.addEventListener('change', async () => {
      if (file.files[0]) {
        textarea.value = await file.files[0].text();
        await validate();
      }
    });
    const validate = async () => {
      clear(result);
      if (!textarea.value.trim()) {
        drafts[kind] = null;
        add(result, alertBox('info', 'The built-in ' + titles[kind].toLowerCase() + ' will be used.'));
        return true;
      }
      let json;
      try { json = JSON.parse(textarea.value); } catch (e) {
        add(result, alertBox('error', 'Not valid JSON', [e.message]));
        return false;
      }
      const v = await api('POST', '/api/validate/' + kind, json);
      if (v.valid) {
        drafts[kind] = json;
        add(result, alertBox('ok', 'Valid' + (v.name ? ': "' + v.name + '"' : '') + '. Save to use it.'));
        return true;
      }
      add(result, alertBox('error', v.problems.length + ' problem' + (v.problems.length === 1 ? '' : 's') + ' in the edited copy', v.problems));
      return false;
    };
    body._validate = validate;
    rerender(body, () => h('div', {},
      h('p', {}, 'Active: ', h('strong', { id: kind + '-active' }, draft ? 'edited copy' + (draft.name ? ' "' + draft.name + '"' : '')
        : 'built-in' + (builtIn.name ? ' "' + builtIn.name + '" (Active)' : ''))),
      h('details', {}, h('summary', {}, 'View the active ' + titles[kind].toLowerCase()), h('pre', { id: kind + '-view' }, JSON.stringify(active, null, 2))),
      h('h3', {}, 'Use an edited copy'),
      h('p', { class: 'small muted' }, 'Download the built-in one from ', h('code', {}, '/api/defaults/' + kind), ', edit it, then pick the file or paste it here. Leave empty for the built-in.'),
      field('Pick a file', file), textarea,
      h('div', { class: 'actions' }, h('button', { type: 'button', id: kind + '-validate', onclick: () => validate().catch(e => add(result, errorBox(e))) }, 'Validate'),
        h('button', { type: 'button', onclick: () => { textarea.value = ''; validate(); } }, 'Use the built-in')),
      result));
  };

  for (const kind of Object.keys(titles)) {
    add(tabs, h('button', { type: 'button', role: 'tab', 'data-kind': kind, id: 'tab-' + kind, 'aria-controls': 'advanced-tabpanel',
      onclick: async () => { if (await body._validate()) { current = kind; renderTab(); } },
      onkeydown: e => { if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') { const other = tabs.querySelector('[role=tab]:not([aria-selected=true])'); other.focus(); other.click(); } } },
    titles[kind]));
  }
  const save = h('button', { type: 'button', class: 'primary', id: 'advanced-save', onclick: async () => {
    clear(problems);
    try {
      if (!(await body._validate())) {
        add(problems, alertBox('error', 'Not saved: fix the problems first.'));
        return;
      }
      state.transformMap = drafts.transformMap;
      state.severityMapping = drafts.severityMapping;
      panel.hidden = true;
      onSaved();
      flash('Advanced settings saved.');
    } catch (e) { add(problems, errorBox(e)); }
  } }, 'Save');
  const cancel = h('button', { type: 'button', id: 'advanced-cancel', onclick: () => {
    drafts.transformMap = state.transformMap;
    drafts.severityMapping = state.severityMapping;
    panel.hidden = true;
    onSaved();
  } }, 'Cancel');
  append(panel, [h('h2', { id: 'advanced-title' }, 'Advanced settings'), tabs, body, problems,
    h('div', { class: 'actions' }, save, cancel, h('span', { class: 'small muted' }, 'Changes apply only when saved.'))]);
  return {
    el: panel,
    open: async () => {
      drafts.transformMap = state.transformMap;
      drafts.severityMapping = state.severityMapping;
      panel.hidden = false;
      await renderTab();
      tabs.querySelector('[aria-selected=true]').focus();
    },
  };
}

function mappingSummary(state) {
  return 'Transform map: ' + (state.transformMap ? 'edited copy' + (state.transformMap.name ? ' "' + state.transformMap.name + '"' : '') : 'built-in')
    + ' · Risk severity mapping: ' + (state.severityMapping ? 'edited copy' : 'built-in');
}

/** The five checks as a list, updated as each arrives. */
function checksList() {
  const list = h('ul', { class: 'checks', id: 'checks', 'aria-live': 'polite' });
  const rows = {};
  const set = (c) => {
    const li = rows[c.name];
    if (!li) return;
    add(clear(li), h('span', {}, h('span', { class: 'badge ' + c.status }, titleCase(c.status))),
      h('span', { class: 'name' }, c.name), h('span', { class: 'ms' }, c.durationMs !== undefined && c.status !== 'RUNNING' && c.status !== 'PENDING' ? duration(c.durationMs) : ''),
      c.message ? h('span', { class: 'msg' }, c.message) : null,
      c.remedy && c.status === 'FAILED' ? remedyLine(c.remedy, 'span') : null);
    li.dataset.status = c.status;
  };
  return {
    el: list,
    reset: () => {
      clear(list);
      CHECK_NAMES.forEach((name, i) => {
        rows[name] = h('li', { 'data-check': name });
        add(list, rows[name]);
        set({ name, status: i === 0 ? 'RUNNING' : 'PENDING' });
      });
    },
    update: (c) => {
      set(c);
      const i = CHECK_NAMES.indexOf(c.name);
      if (c.status === 'PASSED' && i >= 0 && i + 1 < CHECK_NAMES.length) set({ name: CHECK_NAMES[i + 1], status: 'RUNNING' });
    },
    show: (checks) => checks.forEach(set),
  };
}

function requestErrors(e) {
  const b = e.body || {};
  const out = [errorBox(e)];
  if (b.checks) {
    const list = checksList();
    list.reset();
    list.show(b.checks);
    out.push(list.el);
  }
  return out;
}

/**
 * Sends a connector create or edit with its button busy; once accepted the key fields are emptied
 * and done(answer) runs, otherwise the refusal (problems or failed checks) is shown in errors.
 */
async function sendConnector(button, busyText, errors, keyFields, send, done) {
  const label = button.textContent;
  button.disabled = true;
  button.textContent = busyText;
  try {
    const answer = await send();
    keyFields.forEach(f => { f.value = ''; });
    done(answer);
  } catch (e) {
    add(errors, ...requestErrors(e));
    errors.scrollIntoView();
  } finally {
    button.disabled = false;
    button.textContent = label;
  }
}

// ---------- wizard ----------

async function wizardView(view) {
  const spec = await settingsSpec();
  const state = { step: 0, tested: false, transformMap: null, severityMapping: null };
  const steps = ['Connector details', 'Authentication', 'Scope & Schedule', 'Review & Confirm'];
  const stepper = h('ol', { class: 'steps', 'aria-label': 'Steps' });
  const nav = h('div', { class: 'wizard-nav' });
  const errors = h('div', { id: 'wizard-errors', 'aria-live': 'polite' });
  const stepHost = h('div', { id: 'wizard-step' });
  add(view, h('p', { class: 'small' }, h('a', { href: '#/connections' }, '← Connections')), h('h1', {}, 'New Tenable connector'),
    stepper, h('div', { class: 'panel' }, errors, stepHost, nav));

  // step 1
  const name = h('input', { type: 'text', id: 'name', maxlength: spec.connector.nameMaxLength, required: true, autocomplete: 'off' });
  const description = descriptionField('', spec.connector.descriptionMaxLength);
  const step1 = h('section', { 'aria-labelledby': 'step1-title' }, h('h2', { id: 'step1-title' }, 'Connector details'),
    field('Name', name, 'Shown in the connections list; unique.'), description.el);

  // step 2
  const url = h('input', { type: 'url', id: 'tenable-url', value: 'https://cloud.tenable.com', spellcheck: 'false' });
  const access = h('input', { type: 'password', id: 'access-key', autocomplete: 'off', spellcheck: 'false' });
  const secret = h('input', { type: 'password', id: 'secret-key', autocomplete: 'off', spellcheck: 'false' });
  const checks = checksList();
  const testOutcome = h('div', { id: 'test-outcome', 'aria-live': 'polite' });
  const testButton = h('button', { type: 'button', class: 'primary', id: 'test-connection' }, 'Test Connection');
  const step2 = h('section', { 'aria-labelledby': 'step2-title' }, h('h2', { id: 'step2-title' }, 'Authentication'),
    h('p', { class: 'muted' }, 'Use the API keys of a dedicated Tenable user with the Basic role and Can View access to the assets to sync (Settings → My Account → API Keys). Keys are stored encrypted and never shown again.'),
    field('Tenable URL', url, 'https://cloud.tenable.com, or your region\'s Tenable Vulnerability Management URL.'),
    h('div', { class: 'grid2' }, field('Access key', access), field('Secret key', secret)),
    h('div', { class: 'row' }, testButton, h('span', { class: 'small muted' }, 'All five checks must pass before you can go on.')),
    checks.el, testOutcome);
  const untest = () => {
    if (state.tested) {
      state.tested = false;
      add(clear(testOutcome), alertBox('info', 'The settings changed: run Test Connection again.'));
    }
    renderNav();
  };
  [url, access, secret].forEach(i => i.addEventListener('input', untest));
  testButton.addEventListener('click', async () => {
    clear(testOutcome);
    state.tested = false;
    renderNav();
    testButton.disabled = true;
    testButton.textContent = 'Testing…';
    checks.reset();
    try {
      const result = await testConnection({ tenableUrl: url.value.trim(), accessKey: access.value.trim(), secretKey: secret.value.trim(),
        dataToSync: scope.value().dataToSync }, c => checks.update(c));
      checks.show(result.checks);
      state.tested = result.passed;
      if (result.passed) add(testOutcome, alertBox('ok', 'All five checks passed.'));
      else {
        const failed = result.checks.find(c => c.status === 'FAILED');
        add(testOutcome, alertBox('error', 'Test Connection failed at "' + failed.name + '"', [failed.message], failed.remedy));
      }
    } catch (e) {
      clear(checks.el);
      add(testOutcome, errorBox(e, 'Test Connection could not run'));
    } finally {
      testButton.disabled = false;
      testButton.textContent = 'Test Connection';
      renderNav();
    }
  });

  // step 3
  const scope = scopeEditor(null, spec);
  const schedule = scheduleEditor(null);
  const mappingLine = h('p', { id: 'mapping-summary', class: 'small' });
  const advanced = advancedSettings(state, () => { mappingLine.textContent = mappingSummary(state); });
  mappingLine.textContent = mappingSummary(state);
  const step3 = h('section', { 'aria-labelledby': 'step3-title' }, h('h2', { id: 'step3-title' }, 'Scope & Schedule'), scope.el, schedule.el,
    h('div', { class: 'spread' }, mappingLine, h('button', { type: 'button', class: 'link', id: 'advanced-open', 'aria-controls': 'advanced-panel',
      onclick: () => advanced.open() }, 'Advanced Settings')), advanced.el);

  // step 4
  const step4 = h('section', { 'aria-labelledby': 'step4-title' });
  const renderReview = () => {
    const sc = scope.value();
    const sch = schedule.value();
    add(clear(step4), h('h2', { id: 'step4-title' }, 'Review & Confirm'),
      h('details', { class: 'review', open: true, id: 'review-details' }, h('summary', {}, 'Connector details & authentication'),
        fieldList([['Name', name.value.trim()], ['Description', description.value() || '–'], ['Tenable URL', url.value.trim()],
          ['Access key', '•••••••• (set, tested)'], ['Secret key', '•••••••• (set, tested)']])),
      h('details', { class: 'review', open: true, id: 'review-scope' }, h('summary', {}, 'Scope & Schedule'),
        fieldList([['Data to sync', sc.dataToSync === 'ASSETS' ? 'Assets' : 'Assets & Findings'],
          ['Preset', sc.preset === 'ALL' ? 'All' : 'Exposure management'], ['Filters', filtersText(sc.filters)],
          ['Schedule', describeSchedule(sch)], ['Export settings', scope.changed().join(', ') || 'defaults'],
          ['Advanced settings', mappingSummary(state)]])),
      h('p', { class: 'small muted' }, 'Create runs Test Connection once more with these keys, then saves the connector; it runs on its schedule or when you click Run now.'));
  };

  const stepEls = [step1, step2, step3, step4];
  const canLeave = () => {
    if (state.step === 0) return name.value.trim().length > 0 && description.fits();
    if (state.step === 1) return state.tested;
    return true;
  };
  const prev = h('button', { type: 'button', id: 'wizard-previous', onclick: () => show(state.step - 1) }, 'Previous');
  const next = h('button', { type: 'button', class: 'primary', id: 'wizard-next', onclick: () => {
    if (state.step === 2 && !advanced.el.hidden) {
      add(clear(errors), alertBox('error', 'Save or cancel the Advanced Settings first.'));
      return;
    }
    show(state.step + 1);
  } }, 'Next');
  const create = h('button', { type: 'button', class: 'primary', id: 'wizard-create' }, 'Create');
  const renderNav = () => {
    next.disabled = !canLeave();
    next.title = state.step === 1 && !state.tested ? 'Run Test Connection; all five checks must pass' : '';
    add(clear(nav), state.step > 0 ? prev : h('a', { class: 'button', href: '#/connections' }, 'Cancel'), state.step < 3 ? next : create);
  };
  name.addEventListener('input', renderNav);
  description.input.addEventListener('input', renderNav);
  const show = (i) => {
    state.step = i;
    clear(errors);
    if (i === 3) renderReview();
    add(clear(stepHost), stepEls[i]);
    add(clear(stepper), steps.map((s, k) => h('li', { class: k === i ? 'current' : k < i ? 'done' : '', 'aria-current': k === i ? 'step' : null }, s)));
    renderNav();
    const heading = stepEls[i].querySelector('h2');
    heading.tabIndex = -1;
    heading.focus();
  };
  create.addEventListener('click', () => {
    clear(errors);
    const sc = scope.value();
    const body = { name: name.value.trim(), description: description.value() || null, tenableUrl: url.value.trim(),
      accessKey: access.value.trim(), secretKey: secret.value.trim(), ...sc,
      schedule: schedule.value(), transformMap: state.transformMap, severityMapping: state.severityMapping };
    sendConnector(create, 'Creating…', errors, [access, secret], () => api('POST', '/api/connectors', body), created => {
      flash('Connector "' + created.name + '" created: ' + created.scheduleDescription + '.');
      go('#/connectors/' + created.id);
    });
  });
  show(0);
}

// ---------- edit ----------

async function editView(view, id) {
  const spec = await settingsSpec();
  const c = await api('GET', '/api/connectors/' + id);
  const state = { transformMap: c.transformMap, severityMapping: c.severityMapping };
  const name = h('input', { type: 'text', id: 'name', maxlength: spec.connector.nameMaxLength, value: c.name });
  const description = descriptionField(c.description, spec.connector.descriptionMaxLength);
  const url = h('input', { type: 'url', id: 'tenable-url', value: c.tenableUrl });
  const access = h('input', { type: 'password', id: 'access-key', autocomplete: 'off', placeholder: 'unchanged' });
  const secret = h('input', { type: 'password', id: 'secret-key', autocomplete: 'off', placeholder: 'unchanged' });
  const retain = h('input', { type: 'checkbox', id: 'retain-delta', checked: c.retainDelta });
  const enabled = h('input', { type: 'checkbox', id: 'enabled', checked: c.enabled });
  const scope = scopeEditor(c, spec);
  const schedule = scheduleEditor(c.schedule);
  const mappingLine = h('p', { id: 'mapping-summary', class: 'small' }, mappingSummary(state));
  const advanced = advancedSettings(state, () => { mappingLine.textContent = mappingSummary(state); });
  const errors = h('div', { id: 'edit-errors', 'aria-live': 'polite' });
  const save = h('button', { type: 'submit', class: 'primary', id: 'edit-save' }, 'Save');
  const form = h('form', { class: 'panel', id: 'edit-form', novalidate: true },
    errors,
    h('h2', {}, 'Details'), field('Name', name), description.el,
    h('h2', {}, 'Authentication'),
    field('Tenable URL', url),
    h('fieldset', {}, h('legend', {}, 'Rotate keys'),
      h('p', { class: 'small muted' }, 'After regenerating the keys in Tenable (which revokes the old ones), enter both new keys. Leave both empty to keep the current keys. New keys are checked with Test Connection before they are saved.'),
      h('div', { class: 'grid2' }, field('New access key', access), field('New secret key', secret))),
    h('h2', {}, 'Delta sync'),
    h('label', { class: 'inline', for: 'retain-delta' }, retain, 'Retain Delta'),
    h('div', { class: 'field-help' }, 'Ticked: runs import only what changed since the last successful run. Clearing it resets delta tracking: the next run is a full import.'),
    h('label', { class: 'inline', for: 'enabled' }, enabled, 'Enabled (runs on its schedule)'),
    h('h2', {}, 'Scope & Schedule'), scope.el, schedule.el,
    h('div', { class: 'spread' }, mappingLine, h('button', { type: 'button', class: 'link', id: 'advanced-open', onclick: () => advanced.open() }, 'Advanced Settings')),
    advanced.el,
    h('div', { class: 'wizard-nav' }, h('a', { class: 'button', href: '#/connectors/' + id }, 'Cancel'), save));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clear(errors);
    const problems = [];
    if (!name.value.trim()) problems.push('Name: required');
    if ((access.value.trim() === '') !== (secret.value.trim() === '')) problems.push('Keys: enter both the new access key and the new secret key (keys are replaced as a pair)');
    if (!advanced.el.hidden) problems.push('Advanced Settings: save or cancel them first');
    if (problems.length) {
      add(errors, alertBox('error', 'Not saved', problems));
      return;
    }
    const sc = scope.value();
    const body = { name: name.value.trim(), description: description.value(), tenableUrl: url.value.trim(), enabled: enabled.checked,
      ...sc, schedule: schedule.value(),
      transformMap: state.transformMap, severityMapping: state.severityMapping };
    if (retain.checked !== c.retainDelta) body.retainDelta = retain.checked;
    if (access.value.trim()) {
      body.accessKey = access.value.trim();
      body.secretKey = secret.value.trim();
    }
    sendConnector(save, body.accessKey || body.tenableUrl !== c.tenableUrl ? 'Testing the connection…' : 'Saving…', errors,
      [access, secret], () => api('PUT', '/api/connectors/' + id, body), () => {
        flash('Connector "' + body.name + '" saved' + (body.accessKey ? ' with the new keys' : '')
          + (body.retainDelta === false ? '; the next run is a full import' : '') + '.');
        go('#/connectors/' + id);
      });
  });
  add(view, h('p', { class: 'small' }, h('a', { href: '#/connectors/' + id }, '← ' + c.name)), h('h1', {}, 'Edit ' + c.name), form);
}

// ---------- inventory ----------

const COLUMNS = {
  assets: [
    { key: 'assetName', label: 'Name', sort: 'assetName', link: true },
    { key: 'ipAddress', label: 'IP address' }, { key: 'operatingSystemName', label: 'Operating system' },
    { key: 'assetStatus', label: 'Status', sort: 'assetStatus' }, { key: 'cloudProvider', label: 'Cloud', sort: 'cloudProvider' },
    { key: 'lastSeen', label: 'Last seen', time: true }, { key: 'updatedAt', label: 'Updated', sort: 'updatedAt', time: true }],
  findings: [
    { key: 'findingSeverity', label: 'Severity', sort: 'findingSeverity', severity: true },
    { key: 'findingName', label: 'Name', sort: 'findingName', link: true },
    { key: 'findingStatus', label: 'Status', sort: 'findingStatus' }, { key: 'pluginId', label: 'Plugin', sort: 'pluginId' },
    { key: 'cveId', label: 'CVE' }, { key: 'externalAssetId', label: 'Asset', assetLink: true },
    { key: 'findingLastFoundOn', label: 'Last found', sort: 'findingLastFoundOn', time: true },
    { key: 'epssScore', label: 'EPSS %' }, { key: 'onCisaKev', label: 'KEV', flag: 'KEV' }],
};

function cell(col, r, kind, names) {
  const v = r[col.key];
  if (col.link) {
    const id = kind === 'assets' ? r.externalAssetId : r.externalFindingId;
    return h('a', { href: '#/' + kind + '/' + encodeURIComponent(id) }, v || id);
  }
  if (col.assetLink) {
    if (!v) return '–';
    const name = names && names.get(v);
    return h('a', { href: '#/assets/' + encodeURIComponent(v), class: name ? 'asset-link' : 'asset-link mono small', title: v },
      name || v.slice(0, 8) + '…');
  }
  if (col.severity) return sev(v);
  if (col.flag) return v === true ? h('span', { class: 'flag', title: 'On CISA\'s Known Exploited Vulnerabilities catalogue' }, col.flag) : '–';
  if (col.time) return when(v);
  if (Array.isArray(v)) return v.length > 3 ? v.slice(0, 3).join(', ') + ' +' + (v.length - 3) : v.join(', ');
  return v === null || v === undefined || v === '' ? '–' : String(v);
}

function inventoryHash(kind, p) {
  const q = new URLSearchParams();
  for (const k of ['q', 'sort', 'order', 'offset']) if (p[k]) q.set(k, p[k]);
  const s = q.toString();
  return '#/' + kind + (s ? '?' + s : '');
}

async function inventoryView(view, kind, params) {
  // findings open worst first, as an analyst triages them
  const p = { q: params.get('q') || '', sort: params.get('sort') || (kind === 'findings' ? 'findingSeverity' : ''),
    order: params.get('order') || (kind === 'findings' && !params.get('sort') ? 'desc' : ''), offset: Number(params.get('offset') || 0) };
  const input = h('input', { type: 'search', id: 'query', name: 'q', value: p.q, 'aria-label': 'Query', spellcheck: 'false',
    placeholder: kind === 'assets' ? 'inventory:(source:"Tenable") asset.os:*Windows*' : 'inventory:(source:"Tenable") finding.severity:>=4' });
  const form = h('form', { class: 'query-box', role: 'search', id: 'query-form' }, input, h('button', { type: 'submit', class: 'primary' }, 'Search'),
    p.q ? h('a', { class: 'button', href: '#/' + kind }, 'Clear') : null);
  form.addEventListener('submit', (e) => { e.preventDefault(); go(inventoryHash(kind, { q: input.value.trim(), sort: p.sort, order: p.order })); });
  add(view, h('h1', {}, kind === 'assets' ? 'Assets' : 'Findings'), form,
    h('p', { class: 'small muted' }, 'Examples: ', kind === 'assets'
      ? [h('code', {}, 'asset.status:ACTIVE'), ' · ', h('code', {}, 'vulnerabilities:(finding.severity:5)'), ' · ', h('code', {}, 'asset.name:web*')]
      : [h('code', {}, 'finding.severity:>=4 finding.status:OPEN'), ' · ', h('code', {}, 'finding.cve:CVE-2021-44228'), ' · ', h('code', {}, 'finding.lastFound:>=now-7d')],
    ' · the language is described in docs/query.md.'));
  const q = new URLSearchParams({ limit: PAGE_SIZE, offset: p.offset });
  if (p.q) q.set('q', p.q);
  if (p.sort) { q.set('sort', p.sort); q.set('order', p.order || 'asc'); }
  let page;
  let counts;
  try {
    [page, counts] = await Promise.all([api('GET', '/api/' + kind + '?' + q),
      api('GET', '/api/' + kind + '/counts' + (p.q ? '?q=' + encodeURIComponent(p.q) : ''))]);
  } catch (e) {
    if (e.status === 400) {
      const d = (e.body.details || []).map(x => x.replace(/^q: /, ''));
      const at = d.length ? /^at (\d+):/.exec(d[0]) : null;
      const caret = at ? ' '.repeat(Number(at[1])) + '^\n' : '';
      add(view, h('div', { class: 'alert error', role: 'alert', id: 'query-error' }, h('strong', {}, 'The query cannot be read'),
        h('pre', {}, p.q + '\n' + caret + d.join('\n'))));
      return;
    }
    throw e;
  }
  add(view, h('div', { class: 'spread' }, countsBar(kind, counts, p), downloads(kind, p.q)));
  if (page.total === 0) {
    add(view, h('div', { class: 'panel', id: 'no-records' }, p.q ? 'Nothing matches this query.' : 'The inventory is empty: run a connector to fill it.'));
    return;
  }
  add(view, recordsTable(kind, page.items, p, await assetNames(kind, page.items)));
  const from = p.offset + 1;
  const to = p.offset + page.items.length;
  add(view, h('div', { class: 'pager' }, h('span', { id: 'page-range' }, num(from) + '–' + num(to) + ' of ' + num(page.total)),
    h('a', { class: 'button small', id: 'page-prev', href: inventoryHash(kind, { ...p, offset: Math.max(0, p.offset - PAGE_SIZE) }),
      'aria-disabled': p.offset === 0 ? 'true' : null, hidden: p.offset === 0 }, '← Previous'),
    h('a', { class: 'button small', id: 'page-next', href: inventoryHash(kind, { ...p, offset: p.offset + PAGE_SIZE }), hidden: to >= page.total }, 'Next →')));
}

/** Links that stream the records matching the query as a file (the CLI's export formats). */
function downloads(kind, q) {
  const formats = kind === 'findings' ? [['jsonl', 'JSONL'], ['csv', 'CSV'], ['ocsf', 'OCSF']] : [['jsonl', 'JSONL'], ['csv', 'CSV']];
  return h('div', { class: 'actions', id: 'downloads' }, h('span', { class: 'small muted' }, q ? 'Download these:' : 'Download all:'),
    formats.map(([f, label]) => h('a', { class: 'button small', id: 'download-' + f, download: '',
      href: '/api/' + kind + '/export?format=' + f + (q ? '&q=' + encodeURIComponent(q) : '') }, label)));
}

function countsBar(kind, counts, p) {
  const bar = h('div', { class: 'counts-bar', id: 'counts', 'aria-label': kind === 'findings' ? 'Counts by severity' : 'Counts by status' },
    h('strong', { class: 'small' }, (kind === 'findings' ? 'By severity' : 'By status') + ' (' + num(counts.total) + '):'));
  const sorted = [...counts.counts].sort((a, b) => kind === 'findings' ? Number(b.value) - Number(a.value) : String(a.value).localeCompare(String(b.value)));
  for (const c of sorted) {
    const term = kind === 'findings' ? 'finding.severity:' + c.value : 'asset.status:' + c.value;
    add(bar, h('a', { class: 'button small', href: inventoryHash(kind, { ...p, offset: 0, q: p.q ? p.q + ' ' + term : term }), 'data-value': c.value,
      title: 'Only these' }, kind === 'findings' ? sev(c.value) : titleCase(c.value), ' ', h('span', { class: 'n' }, num(c.count))));
  }
  return bar;
}

/** The names of the assets a page of findings is on, fetched in one request (ids are UUIDs, no commas). */
async function assetNames(kind, items) {
  const names = new Map();
  if (kind !== 'findings') return names;
  const ids = [...new Set(items.map(r => r.externalAssetId).filter(Boolean))];
  if (!ids.length) return names;
  try {
    const assets = await api('GET', '/api/assets?limit=' + ids.length + '&externalAssetId=' + encodeURIComponent(ids.join(',')));
    assets.items.forEach(a => names.set(a.externalAssetId, a.assetName || a.externalAssetId));
  } catch (e) {
    // the table still links each finding to its asset by id
  }
  return names;
}

function recordsTable(kind, items, p, names) {
  const heads = COLUMNS[kind].map(col => {
    if (!col.sort) return h('th', { scope: 'col' }, col.label);
    const active = p.sort === col.sort;
    const nextOrder = active && p.order !== 'desc' ? 'desc' : 'asc';
    return h('th', { scope: 'col', 'aria-sort': active ? (p.order === 'desc' ? 'descending' : 'ascending') : null },
      h('a', { class: 'sort', id: 'sort-' + col.sort, href: inventoryHash(kind, { ...p, offset: 0, sort: col.sort, order: nextOrder }) },
        col.label, active ? (p.order === 'desc' ? ' ▼' : ' ▲') : ''));
  });
  return h('div', { class: 'table-wrap' }, h('table', { id: kind + '-table' }, h('thead', {}, h('tr', {}, heads)),
    h('tbody', {}, items.map(r => h('tr', { 'data-id': kind === 'assets' ? r.externalAssetId : r.externalFindingId },
      COLUMNS[kind].map(col => h('td', {}, cell(col, r, kind, names))))))));
}

function value(v) {
  if (v === null || v === undefined || v === '') return h('span', { class: 'muted' }, '–');
  if (Array.isArray(v)) {
    if (v.length && typeof v[0] === 'object') return h('pre', {}, JSON.stringify(v, null, 2));
    return v.length ? v.join(', ') : h('span', { class: 'muted' }, 'none');
  }
  if (typeof v === 'object') return h('pre', {}, JSON.stringify(v, null, 2));
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) return when(v);
  return String(v);
}

async function recordView(view, kind, id) {
  const data = await api('GET', '/api/' + kind + '/' + encodeURIComponent(id));
  const r = kind === 'assets' ? data.asset : data.finding;
  const title = kind === 'assets' ? (r.assetName || r.externalAssetId) : (r.findingName || r.externalFindingId);
  add(view, h('p', { class: 'small' }, h('a', { href: '#/' + kind }, '← ' + (kind === 'assets' ? 'Assets' : 'Findings'))),
    h('h1', {}, title, ' ', kind === 'findings' ? sev(r.findingSeverity) : null));
  if (kind === 'findings' && r.externalAssetId) {
    add(view, h('p', {}, 'On asset ', h('a', { href: '#/assets/' + encodeURIComponent(r.externalAssetId), id: 'finding-asset' }, r.externalAssetId)));
  }
  add(view, h('div', { class: 'panel' }, h('h2', {}, 'Mapped fields'),
    h('dl', { class: 'fields', id: 'mapped-fields' }, Object.keys(r).sort().map(k => [h('dt', {}, k), h('dd', { 'data-field': k }, value(r[k]))]))));
  if (kind === 'assets') {
    const [page, counts] = await Promise.all([
      api('GET', '/api/findings?externalAssetId=' + encodeURIComponent(id) + '&limit=200&sort=findingSeverity&order=desc'),
      api('GET', '/api/findings/counts?q=' + encodeURIComponent('finding.assetId:"' + id + '"'))]);
    add(view, h('h2', { id: 'asset-findings-title' }, 'Findings on this asset (' + num(page.total) + ')'), countsBar('findings', counts, { q: 'finding.assetId:"' + id + '"' }),
      page.items.length ? recordsTable('findings', page.items, { q: 'finding.assetId:"' + id + '"', sort: 'findingSeverity', order: 'desc' },
        new Map([[id, r.assetName || id]])) : h('p', { class: 'muted' }, 'None.'));
    if (page.total > page.items.length) add(view, h('p', {}, h('a', { href: inventoryHash('findings', { q: 'finding.assetId:"' + id + '"' }) }, 'All ' + num(page.total) + ' findings')));
  }
  add(view, h('details', { class: 'review', id: 'raw-record' }, h('summary', {}, 'Raw Tenable record'),
    data.raw ? h('pre', {}, JSON.stringify(data.raw, null, 2)) : h('p', { class: 'muted' }, 'Not stored.')));
}

window.addEventListener('hashchange', route);
route();
