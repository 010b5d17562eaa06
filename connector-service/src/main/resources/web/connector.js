// A connector's page and a run's page: settings, account, last error, live progress, history.

import { connectorActions, errorDetail, retryingText } from './connections.js';
import { add, choiceLabel, alertBox, api, badge, clear, duration, errorBox, go, h, num, poll, remedyLine, rerender, titleCase, when } from './core.js';
import { checksList } from './forms.js';

// ---------- connector detail ----------

export function filtersText(f) {
  const parts = [];
  if (f.severities && f.severities.length) parts.push('severities ' + f.severities.join(', '));
  if (f.states && f.states.length) parts.push('states ' + f.states.join(', '));
  for (const [k, v] of Object.entries(f.tags || {})) parts.push('tag ' + k + ' = ' + v.join(' or '));
  if (f.networkId) parts.push('network ' + f.networkId);
  if (f.cidr) parts.push('range ' + f.cidr);
  return parts.length ? parts.join('; ') : 'none (everything the account can view)';
}

export function fieldList(pairs) {
  return h('dl', { class: 'fields' }, pairs.filter(p => p).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

export function progressBlock(p) {
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
export function sizeBars(root) {
  root.querySelectorAll('.progress > div[data-pct]').forEach(d => { d.style.width = d.dataset.pct + '%'; });
}

export async function connectorView(view, id) {
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
        ['Data to sync', choiceLabel('dataToSync', c.dataToSync)],
        ['Preset', choiceLabel('preset', c.preset)],
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

export function runsTable(c, runs) {
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

export async function runView(view, id, runId) {
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

export function excerpt(text) {
  if (!text) return '';
  if (text.length <= 120) return h('code', {}, text);
  return h('details', {}, h('summary', {}, h('code', {}, text.slice(0, 120) + '…')), h('pre', {}, text));
}

export const COUNT_COLUMNS = ['seen', 'inserted', 'updated', 'unchanged', 'rejected', 'filtered', 'deleted', 'terminated', 'fixed'];

export function runPage(c, runId, run, live) {
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
