// One asset or finding: its fields grouped under human labels, a finding's decision (priority,
// SLA, KEV, EPSS) and history, an asset's findings, and the raw Tenable record.

import { add, api, h, num, sev, when } from './core.js';
import { COLUMNS, countsBar, inventoryHash, recordsTable, value } from './inventory.js';
import { priorityBadge } from './overview.js';

const GROUPS = {
  findings: [
    ['Identity', ['findingName', 'externalFindingId', 'pluginId', 'cveId', 'findingPort', 'findingProtocol', 'source']],
    ['Status and dates', ['findingStatus', 'findingFirstFoundOn', 'findingLastFoundOn', 'findingFixedOn', 'findingResurfacedOn',
      'timeTakenToFix', 'severityModification', 'recastReason']],
    ['Risk (Tenable\'s scores)', ['findingSeverity', 'detectionScore', 'vprV2Score', 'vprV2Percentile', 'vprV2Severity',
      'exploitProbability', 'epssScore', 'onCisaKev', 'isExploitAvailable', 'exploitCodeMaturity', 'cvss4Base', 'cvss4Vector',
      'cvss3Base', 'cvss3Temporal', 'cvss3Vector', 'cvssV2Base', 'cvss2Temporal', 'cvss2Vector', 'vector']],
    ['Remediation', ['detectionResult', 'findingDescription', 'remediationStrategy', 'isPatchAvailable', 'patchPublishedOn',
      'vulnPublishedOn', 'hasWorkaround', 'workaround']],
    ['Asset and network', ['assetName', 'externalAssetId', 'ipAddress', 'fqdn', 'netBiosName', 'macAddress',
      'operatingSystemName', 'cloudProvider', 'cloudInstanceId']],
  ],
  assets: [
    ['Identity', ['assetName', 'externalAssetId', 'biosUuid', 'assetStatus', 'source', 'systemTypes', 'assetTypes', 'tags']],
    ['Risk', ['criticality', 'exposureScore', 'isPublic']],
    ['Dates', ['firstSeen', 'lastSeen', 'updatedAt']],
    ['Network', ['ipAddress', 'fqdn', 'netBiosName', 'macAddress', 'operatingSystemName', 'cloudProvider', 'cloudInstanceId',
      'networkInterfaces']],
  ],
};

const LABELS = {
  externalFindingId: 'Finding id', externalAssetId: 'Asset id', findingName: 'Name', pluginId: 'Plugin', cveId: 'CVE',
  findingPort: 'Port', findingProtocol: 'Protocol', findingStatus: 'State', findingFirstFoundOn: 'First found',
  findingLastFoundOn: 'Last found', findingFixedOn: 'Fixed', findingResurfacedOn: 'Resurfaced', timeTakenToFix: 'Time to fix (Tenable, s)',
  severityModification: 'Severity modification', findingSeverity: 'Severity', detectionScore: 'VPR', vprV2Score: 'VPR v2',
  vprV2Percentile: 'VPR v2 percentile', vprV2Severity: 'VPR v2 severity', exploitProbability: 'Exploit probability (VPR v2)',
  epssScore: 'EPSS (Tenable, %)', onCisaKev: 'On CISA KEV (Tenable)', isExploitAvailable: 'Exploit available',
  exploitCodeMaturity: 'Exploit code maturity', cvss4Base: 'CVSS v4', cvss4Vector: 'CVSS v4 vector', cvss3Base: 'CVSS v3',
  cvss3Temporal: 'CVSS v3 temporal', cvss3Vector: 'CVSS v3 vector', cvssV2Base: 'CVSS v2', cvss2Temporal: 'CVSS v2 temporal',
  cvss2Vector: 'CVSS v2 vector', vector: 'CVSS v2 temporal vector', detectionResult: 'Synopsis', findingDescription: 'Description',
  remediationStrategy: 'Solution', isPatchAvailable: 'Patch available', patchPublishedOn: 'Patch published',
  vulnPublishedOn: 'Vulnerability published', hasWorkaround: 'Workaround available', assetName: 'Asset name',
  ipAddress: 'IP addresses', fqdn: 'FQDN', netBiosName: 'NetBIOS name', macAddress: 'MAC addresses',
  operatingSystemName: 'Operating system', cloudProvider: 'Cloud', cloudInstanceId: 'Cloud instance', biosUuid: 'BIOS UUID',
  assetStatus: 'Status', systemTypes: 'System types', assetTypes: 'Asset types', criticality: 'ACR (criticality)',
  exposureScore: 'AES (exposure)', isPublic: 'Public', firstSeen: 'First seen', lastSeen: 'Last seen', updatedAt: 'Updated',
  networkInterfaces: 'Network interfaces', recastReason: 'Recast reason',
};

const DERIVED = ['slaDueAt', 'slaStatus', 'inKev', 'kevDateAdded', 'kevDueDate', 'epss', 'epssPercentile', 'priority', 'priorityReason'];

function label(key) {
  return LABELS[key] || key.replace(/([A-Z])/g, ' $1').replace(/^./, c => c.toUpperCase());
}

function fieldValue(key, v) {
  if (key === 'findingSeverity') return sev(v);
  return value(v);
}

/** The fields in their groups; what no group names ends in "Other". */
function groupedFields(kind, r) {
  const shown = new Set(DERIVED);
  const panels = [];
  for (const [title, keys] of GROUPS[kind]) {
    const present = keys.filter(k => k in r);
    present.forEach(k => shown.add(k));
    if (present.length) panels.push([title, present]);
  }
  const rest = Object.keys(r).filter(k => !shown.has(k)).sort();
  if (rest.length) panels.push(['Other', rest]);
  return h('div', { class: 'field-groups', id: 'mapped-fields' }, panels.map(([title, keys]) => h('section', { class: 'panel' },
    h('h2', {}, title), h('dl', { class: 'fields' }, keys.map(k => [h('dt', {}, label(k)), h('dd', { 'data-field': k }, fieldValue(k, r[k]))])))));
}

const SLA_TEXT = { WITHIN: 'Within SLA', APPROACHING: 'Approaching SLA', BREACHED: 'Past SLA', CLOSED_IN_SLA: 'Closed in SLA', CLOSED_LATE: 'Closed late' };

function decision(r) {
  return h('section', { class: 'panel decision', id: 'finding-decision' }, h('h2', {}, 'What to do'),
    h('div', { class: 'row' }, h('span', {}, 'Priority: ', priorityBadge(r.priority)),
      h('span', {}, 'SLA: ', r.slaStatus ? h('span', { class: 'badge sla-' + r.slaStatus, id: 'sla-status' }, SLA_TEXT[r.slaStatus]) : 'none for this severity',
        r.slaDueAt ? [' · due ', when(r.slaDueAt)] : null),
      h('span', {}, 'CISA KEV: ', r.inKev ? h('span', { class: 'flag' }, 'listed') : 'no', r.inKev && r.kevDueDate ? ' · due ' + r.kevDueDate : null),
      h('span', {}, 'EPSS: ', r.epss === null || r.epss === undefined ? '–'
        : (r.epss * 100).toFixed(2) + ' % (percentile ' + Math.round((r.epssPercentile || 0) * 100) + ')')),
    h('p', { class: 'small', id: 'priority-reason' }, r.priorityReason || ''));
}

function history(data) {
  const t = data.transitions;
  return h('section', { class: 'panel', id: 'finding-history' }, h('h2', {}, 'History'),
    h('table', { class: 'small' }, h('thead', {}, h('tr', {}, ['When', 'From', 'To', 'Severity', 'Run', ''].map(x => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, t.map(x => h('tr', {}, h('td', {}, when(x.at)), h('td', {}, x.from || 'first seen'), h('td', {}, x.to),
        h('td', {}, x.severity ? sev(x.severity) : '–'), h('td', { class: 'num' }, x.runId),
        h('td', { class: 'muted' }, x.flag === 'MERGED' ? 'Tenable merged changes between two syncs'
          : x.flag === 'BASELINE' ? 'history began here' : ''))))),
    h('p', { class: 'small muted' }, num(data.episodes.length) + (data.episodes.length === 1 ? ' episode' : ' episodes') + ': ',
      data.episodes.map((e, i) => [i ? '; ' : '', when(e.opened), ' → ', e.closed ? when(e.closed) : 'open',
        e.closeReason && e.closeReason !== 'FIXED' ? ' (' + e.closeReason.toLowerCase().replace('_', ' ') + ')' : ''])));
}

export async function recordView(view, kind, id) {
  const data = await api('GET', '/api/' + kind + '/' + encodeURIComponent(id));
  const r = kind === 'assets' ? data.asset : data.finding;
  const title = kind === 'assets' ? (r.assetName || r.externalAssetId) : (r.findingName || r.externalFindingId);
  add(view, h('p', { class: 'small' }, h('a', { href: '#/' + kind }, '← ' + (kind === 'assets' ? 'Assets' : 'Findings'))),
    h('h1', {}, title, ' ', kind === 'findings' ? sev(r.findingSeverity) : null));
  if (kind === 'findings') {
    if (r.externalAssetId) {
      add(view, h('p', {}, 'On asset ', h('a', { href: '#/assets/' + encodeURIComponent(r.externalAssetId), id: 'finding-asset',
        title: r.externalAssetId }, r.assetName || r.externalAssetId)));
    }
    add(view, decision(r));
    const past = await api('GET', '/api/findings/' + encodeURIComponent(id) + '/history');
    add(view, history(past));
  }
  add(view, groupedFields(kind, r));
  if (kind === 'assets') {
    const q = 'finding.assetId:"' + id + '"';
    const [page, counts] = await Promise.all([
      api('GET', '/api/findings?externalAssetId=' + encodeURIComponent(id) + '&limit=200&sort=findingSeverity&order=desc'),
      api('GET', '/api/findings/counts?q=' + encodeURIComponent(q))]);
    // On the asset's own page its column would repeat the asset on every row.
    const columns = COLUMNS.findings.filter(c => !c.assetLink);
    add(view, h('h2', { id: 'asset-findings-title' }, 'Findings on this asset (' + num(page.total) + ')'), countsBar('findings', counts, { q }),
      page.items.length ? recordsTable('findings', page.items, { q, sort: 'findingSeverity', order: 'desc' }, new Map(), columns)
        : h('p', { class: 'muted' }, 'None.'));
    if (page.total > page.items.length) add(view, h('p', {}, h('a', { href: inventoryHash('findings', { q }) }, 'All ' + num(page.total) + ' findings')));
  }
  add(view, h('details', { class: 'review', id: 'raw-record' }, h('summary', {}, 'Raw Tenable record'),
    data.raw ? h('pre', {}, JSON.stringify(data.raw, null, 2)) : h('p', { class: 'muted' }, 'Not stored.')));
}
