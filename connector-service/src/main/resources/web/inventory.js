// The inventory: assets and findings with the query language, counts, downloads, record pages.

import { PAGE_SIZE, add, api, go, h, num, sev, titleCase, when } from './core.js';

// ---------- inventory ----------

export const COLUMNS = {
  assets: [
    { key: 'assetName', label: 'Name', sort: 'assetName', link: true },
    { key: 'ipAddress', label: 'IP address' }, { key: 'operatingSystemName', label: 'Operating system' },
    { key: 'assetStatus', label: 'Status', sort: 'assetStatus' }, { key: 'cloudProvider', label: 'Cloud', sort: 'cloudProvider' },
    { key: 'lastSeen', label: 'Last seen', time: true }, { key: 'updatedAt', label: 'Updated', sort: 'updatedAt', time: true }],
  findings: [
    { key: 'findingSeverity', label: 'Severity', sort: 'findingSeverity', severity: true },
    { key: 'priority', label: 'Priority', priority: true },
    { key: 'findingName', label: 'Name', sort: 'findingName', link: true },
    { key: 'findingStatus', label: 'Status', sort: 'findingStatus' },
    { key: 'slaStatus', label: 'SLA', sla: true },
    { key: 'cveId', label: 'CVE' }, { key: 'externalAssetId', label: 'Asset', assetLink: true },
    { key: 'findingLastFoundOn', label: 'Last found', sort: 'findingLastFoundOn', time: true },
    { key: 'inKev', label: 'KEV', kev: true }],
};

const SLA_LABEL = { WITHIN: 'Within', APPROACHING: 'Approaching', BREACHED: 'Past due', CLOSED_IN_SLA: 'Closed in time', CLOSED_LATE: 'Closed late' };
const PRIORITY_LABEL = { ACT: 'Act', ATTEND: 'Attend', TRACK_STAR: 'Track*', TRACK: 'Track' };

/** Quick filters over the derived fields, each a query term. */
const FILTERS = [
  ['Act', 'finding.priority:ACT'], ['Attend', 'finding.priority:ATTEND'], ['Past SLA', 'finding.slaStatus:BREACHED'],
  ['Approaching SLA', 'finding.slaStatus:APPROACHING'], ['On CISA KEV', '(finding.inKev:true OR finding.kev:true)'],
  ['Open', 'NOT finding.status:FIXED']];

export function cell(col, r, kind, names) {
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
  if (col.priority) return v ? h('span', { class: 'badge prio-' + v, 'data-priority': v, title: r.priorityReason || '' }, PRIORITY_LABEL[v] || v) : '–';
  if (col.sla) return v ? h('span', { class: 'badge sla-' + v, title: r.slaDueAt ? 'due ' + r.slaDueAt : '' }, SLA_LABEL[v] || v) : '–';
  if (col.kev) {
    return v === true || r.onCisaKev === true
      ? h('span', { class: 'flag', title: v === true ? 'In the imported CISA KEV catalogue' + (r.kevDueDate ? '; due ' + r.kevDueDate : '')
        : 'Tenable marks it as on CISA\'s KEV catalogue' }, 'KEV') : '–';
  }
  if (col.flag) return v === true ? h('span', { class: 'flag', title: 'On CISA\'s Known Exploited Vulnerabilities catalogue' }, col.flag) : '–';
  if (col.time) return when(v);
  if (Array.isArray(v)) return v.length > 3 ? v.slice(0, 3).join(', ') + ' +' + (v.length - 3) : v.join(', ');
  return v === null || v === undefined || v === '' ? '–' : String(v);
}

export function inventoryHash(kind, p) {
  const q = new URLSearchParams();
  for (const k of ['q', 'sort', 'order', 'offset']) if (p[k]) q.set(k, p[k]);
  const s = q.toString();
  return '#/' + kind + (s ? '?' + s : '');
}

export async function inventoryView(view, kind, params) {
  // findings open worst first, as an analyst triages them
  const p = { q: params.get('q') || '', sort: params.get('sort') || (kind === 'findings' ? 'findingSeverity' : ''),
    order: params.get('order') || (kind === 'findings' && !params.get('sort') ? 'desc' : ''), offset: Number(params.get('offset') || 0) };
  const input = h('input', { type: 'search', id: 'query', name: 'q', value: p.q, 'aria-label': 'Query', spellcheck: 'false',
    placeholder: kind === 'assets' ? 'inventory:(source:"Tenable") asset.os:*Windows*' : 'inventory:(source:"Tenable") finding.severity:>=high' });
  const form = h('form', { class: 'query-box', role: 'search', id: 'query-form' }, input, h('button', { type: 'submit', class: 'primary' }, 'Search'),
    p.q ? h('a', { class: 'button', href: '#/' + kind }, 'Clear') : null);
  form.addEventListener('submit', (e) => { e.preventDefault(); go(inventoryHash(kind, { q: input.value.trim(), sort: p.sort, order: p.order })); });
  add(view, h('h1', {}, kind === 'assets' ? 'Assets' : 'Findings'), form,
    h('p', { class: 'small muted' }, 'Examples: ', kind === 'assets'
      ? [h('code', {}, 'asset.status:ACTIVE'), ' · ', h('code', {}, 'vulnerabilities:(finding.severity:5)'), ' · ', h('code', {}, 'asset.name:web*')]
      : [h('code', {}, 'finding.severity:>=high finding.status:OPEN'), ' · ', h('code', {}, 'log4j'), ' · ', h('code', {}, 'finding.slaStatus:BREACHED'), ' · ', h('code', {}, 'finding.cve:CVE-2021-44228'), ' · ', h('code', {}, 'finding.lastFound:>=now-7d')],
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
  if (kind === 'findings') {
    add(view, h('div', { class: 'counts-bar', id: 'quick-filters', 'aria-label': 'Quick filters' }, h('strong', { class: 'small' }, 'Show:'),
      FILTERS.map(([name, term]) => h('a', { class: 'button small' + (p.q.includes(term) ? ' active' : ''), 'data-filter': term,
        href: inventoryHash(kind, { ...p, offset: 0, q: p.q.includes(term) ? p.q : (p.q ? p.q + ' ' + term : term) }) }, name))));
  }
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
export function downloads(kind, q) {
  const formats = kind === 'findings' ? [['jsonl', 'JSONL'], ['csv', 'CSV'], ['ocsf', 'OCSF']] : [['jsonl', 'JSONL'], ['csv', 'CSV']];
  return h('div', { class: 'actions', id: 'downloads' }, h('span', { class: 'small muted' }, q ? 'Download these:' : 'Download all:'),
    formats.map(([f, label]) => h('a', { class: 'button small', id: 'download-' + f, download: '',
      href: '/api/' + kind + '/export?format=' + f + (q ? '&q=' + encodeURIComponent(q) : '') }, label)));
}

export function countsBar(kind, counts, p) {
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
export async function assetNames(kind, items) {
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

export function recordsTable(kind, items, p, names, columns) {
  const cols = columns || COLUMNS[kind];
  const heads = cols.map(col => {
    if (!col.sort) return h('th', { scope: 'col' }, col.label);
    const active = p.sort === col.sort;
    const nextOrder = active && p.order !== 'desc' ? 'desc' : 'asc';
    return h('th', { scope: 'col', 'aria-sort': active ? (p.order === 'desc' ? 'descending' : 'ascending') : null },
      h('a', { class: 'sort', id: 'sort-' + col.sort, href: inventoryHash(kind, { ...p, offset: 0, sort: col.sort, order: nextOrder }) },
        col.label, active ? (p.order === 'desc' ? ' ▼' : ' ▲') : ''));
  });
  return h('div', { class: 'table-wrap' }, h('table', { id: kind + '-table' }, h('thead', {}, h('tr', {}, heads)),
    h('tbody', {}, items.map(r => h('tr', { 'data-id': kind === 'assets' ? r.externalAssetId : r.externalFindingId },
      cols.map(col => h('td', {}, cell(col, r, kind, names))))))));
}

export function value(v) {
  if (v === null || v === undefined || v === '') return h('span', { class: 'muted' }, '–');
  if (Array.isArray(v)) {
    if (v.length && typeof v[0] === 'object') return h('pre', {}, JSON.stringify(v, null, 2));
    return v.length ? v.join(', ') : h('span', { class: 'muted' }, 'none');
  }
  if (typeof v === 'object') return h('pre', {}, JSON.stringify(v, null, 2));
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) return when(v);
  return String(v);
}
