// The connections list: state badges, last and next runs, Run now / Cancel / Edit / Disable / Delete.

import { add, alertBox, api, badge, clear, errorBox, flash, h, num, poll, remedyLine, rerender, titleCase, when } from './core.js';

// ---------- connections ----------

export function busy(c) {
  return c.state === 'SCHEDULED' || c.state === 'PROCESSING';
}

export function lastRunCell(c) {
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
export function retryingText(r) {
  return 'Retrying (attempt ' + r.attempt + ' failed): ' + r.request + ' · since ' + when(r.since);
}

export async function connectorAction(c, action) {
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

export function connectorActions(c, refresh, opts) {
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

export function errorDetail(err) {
  if (!err) return null;
  return h('div', { class: 'alert error', role: 'alert' },
    h('strong', {}, 'Cause: '), h('strong', {}, err.cause || err.code), err.tenableStatus ? ' (Tenable answered ' + err.tenableStatus + ')' : '',
    err.message ? h('div', { class: 'small' }, err.message) : null,
    err.remedy ? remedyLine(err.remedy) : null,
    err.at ? h('div', { class: 'small muted' }, 'At ', when(err.at)) : null);
}

export async function connectionsView(view) {
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

export function connectionsTable(connectors, refresh) {
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
