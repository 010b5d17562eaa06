// The Overview: what is open, what is late, how fast things get fixed, and what to fix first.
// Charts are drawn by Chart.js, served from the jar (/ui/vendor/chart.umd.js), never a CDN.

import { add, api, h, loadedSpec, num, onLeave, sev } from './core.js';
import { inventoryHash } from './inventory.js';

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
/** A severity's label as the server declares it (GET /api/spec). */
const label = (s) => ((loadedSpec() || {}).findingSeverities || {})[LEVEL[s]] || s;
const LEVEL = { critical: 5, high: 4, medium: 3, low: 2, info: 1 };
const COLOR = { critical: '#b42318', high: '#d9480f', medium: '#b7791f', low: '#2f7d32', info: '#6b7785' };

/** A chart in a panel; the data is also given as a table (for screen readers and tests). */
function chartPanel(id, title, config, table) {
  const canvas = h('canvas', { id: id + '-canvas', role: 'img', 'aria-label': title });
  const panel = h('section', { class: 'panel chart', id }, h('h2', {}, title), h('div', { class: 'chart-box' }, canvas),
    h('details', { class: 'chart-data' }, h('summary', { class: 'small' }, 'The numbers'), table));
  if (window.Chart) {
    const chart = new window.Chart(canvas, { ...config, options: { responsive: true, maintainAspectRatio: false, animation: false,
      plugins: { legend: { position: 'bottom' } }, ...config.options } });
    onLeave(() => chart.destroy());
    panel.dataset.chart = 'drawn';
  }
  return panel;
}

function table(head, rows) {
  return h('table', { class: 'small' }, h('thead', {}, h('tr', {}, head.map(x => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows.map(r => h('tr', {}, r.map((c, i) => h(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row' } : { class: 'num' }, c))))));
}

function card(id, label, value, href, tone) {
  return h('a', { class: 'card ' + (tone || ''), id, href }, h('span', { class: 'card-n' }, num(value)), h('span', { class: 'card-label' }, label));
}

const sum = (o) => SEVERITIES.reduce((t, s) => t + (o[s] || 0), 0);
const findings = (q) => inventoryHash('findings', { q });

export async function overviewView(view) {
  const [report, posture, riskiest, act, kev] = await Promise.all([
    api('GET', '/api/reports/remediation'),
    api('GET', '/api/reports/posture?days=90'),
    api('GET', '/api/reports/riskiest-assets?limit=8'),
    api('GET', '/api/findings?limit=1&q=' + encodeURIComponent('finding.priority:ACT NOT finding.status:FIXED')),
    api('GET', '/api/findings?limit=8&sort=findingSeverity&order=desc&q='
      + encodeURIComponent('(finding.inKev:true OR finding.kev:true) NOT finding.status:FIXED'))]);
  const open = sum(report.open);
  add(view, h('h1', {}, 'Overview'));
  if (open === 0 && posture.days.every(d => SEVERITIES.every(s => !d[s] || d[s].open === 0))) {
    add(view, h('div', { class: 'panel', id: 'overview-empty' }, 'Nothing is open yet. ',
      h('a', { href: '#/connectors/new' }, 'Add a connector'), ' and run it to fill the inventory.'));
  }
  add(view, h('div', { class: 'cards', id: 'overview-cards' },
    card('card-open', 'open findings', open, findings('NOT finding.status:FIXED')),
    card('card-breached', 'past their SLA', sum(report.breached), findings('finding.slaStatus:BREACHED'), 'bad'),
    card('card-approaching', 'approaching their SLA', sum(report.approaching), findings('finding.slaStatus:APPROACHING'), 'warn'),
    card('card-act', 'to act on (SSVC)', act.total, findings('finding.priority:ACT NOT finding.status:FIXED'), 'bad'),
    card('card-kev', 'on CISA KEV', kev.total, findings('(finding.inKev:true OR finding.kev:true) NOT finding.status:FIXED'), 'bad')));

  const openRows = SEVERITIES.map(s => [label(s), num(report.open[s])]);
  const days = posture.days.map(d => d.day);
  const mttr = SEVERITIES.map(s => report.mttr[s]);
  add(view, h('div', { class: 'charts' },
    chartPanel('chart-severity', 'Open findings by severity', {
      type: 'doughnut',
      data: { labels: SEVERITIES.map(s => label(s)), datasets: [{ data: SEVERITIES.map(s => report.open[s]), backgroundColor: SEVERITIES.map(s => COLOR[s]) }] },
    }, table(['Severity', 'Open'], openRows)),
    chartPanel('chart-trend', 'Open findings over time (90 days)', {
      type: 'line',
      data: { labels: days, datasets: SEVERITIES.map(s => ({ label: label(s), data: posture.days.map(d => (d[s] || {}).open || 0),
        borderColor: COLOR[s], backgroundColor: COLOR[s] + '33', fill: true, pointRadius: 0, tension: .2 })) },
      options: { scales: { y: { stacked: true, beginAtZero: true }, x: { ticks: { maxTicksLimit: 8 } } } },
    }, table(['Day', ...SEVERITIES.map(s => label(s))], posture.days.slice(-14).map(d => [d.day, ...SEVERITIES.map(s => num((d[s] || {}).open))]))),
    chartPanel('chart-mttr', 'Mean time to remediate (days)', {
      type: 'bar',
      data: { labels: SEVERITIES.map(s => label(s)), datasets: [
        { label: 'Mean', data: mttr.map(m => m.meanDays), backgroundColor: SEVERITIES.map(s => COLOR[s]) },
        { label: 'Median', data: mttr.map(m => m.p50Days), backgroundColor: '#94a3b8' }] },
      options: { scales: { y: { beginAtZero: true } } },
    }, table(['Severity', 'Mean', 'Median', '90th pct', 'Fixed', 'Tenable mean'], SEVERITIES.map((s, i) => [label(s),
      days1(mttr[i].meanDays), days1(mttr[i].p50Days), days1(mttr[i].p90Days), num(mttr[i].episodes), days1(mttr[i].tenableMeanDays)]))),
    chartPanel('chart-sla', 'SLA: past due and approaching', {
      type: 'bar',
      data: { labels: SEVERITIES.map(s => label(s)), datasets: [
        { label: 'Past due', data: SEVERITIES.map(s => report.breached[s]), backgroundColor: '#b42318' },
        { label: 'Approaching', data: SEVERITIES.map(s => report.approaching[s]), backgroundColor: '#e0a100' }] },
      options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } },
    }, table(['Severity', 'Past due', 'Approaching'], SEVERITIES.map(s => [label(s), num(report.breached[s]), num(report.approaching[s])])))));

  add(view, h('div', { class: 'grid2' },
    h('section', { class: 'panel', id: 'riskiest-assets' }, h('h2', {}, 'Riskiest assets'),
      riskiest.assets.length ? h('table', { class: 'small' },
        h('thead', {}, h('tr', {}, ['Asset', 'ACR', 'Act', 'Attend', 'Past SLA', 'Open'].map(x => h('th', { scope: 'col' }, x)))),
        h('tbody', {}, riskiest.assets.map(a => h('tr', {},
          h('td', {}, h('a', { href: '#/assets/' + encodeURIComponent(a.assetId) }, a.assetName || a.assetId)),
          h('td', { class: 'num' }, a.criticality ?? '–'), h('td', { class: 'num' }, num(a.act)), h('td', { class: 'num' }, num(a.attend)),
          h('td', { class: 'num' }, num(a.breached)), h('td', { class: 'num' }, num(a.open)))))) : h('p', { class: 'muted' }, 'No open findings.'),
      h('p', { class: 'small muted' }, 'Most open findings SSVC says to act on, then to attend to, then past their SLA.')),
    h('section', { class: 'panel', id: 'kev-findings' }, h('h2', {}, 'On CISA\'s Known Exploited Vulnerabilities list'),
      kev.items.length ? h('table', { class: 'small' },
        h('thead', {}, h('tr', {}, ['Severity', 'Finding', 'Priority', 'KEV due'].map(x => h('th', { scope: 'col' }, x)))),
        h('tbody', {}, kev.items.map(f => h('tr', {}, h('td', {}, sev(f.findingSeverity)),
          h('td', {}, h('a', { href: '#/findings/' + encodeURIComponent(f.externalFindingId) }, f.findingName || f.externalFindingId)),
          h('td', {}, priorityBadge(f.priority)), h('td', {}, f.kevDueDate || '–'))))) : h('p', { class: 'muted' }, 'None open.'),
      kev.total > kev.items.length ? h('p', {}, h('a', { href: findings('(finding.inKev:true OR finding.kev:true) NOT finding.status:FIXED') }, 'All ' + num(kev.total))) : null)));
  add(view, h('p', { class: 'small muted' }, 'Severity ', Object.keys(LEVEL).map(s => s + ' = ' + LEVEL[s]).join(', '),
    '. SLA by the remediation policy "', report.policy, '"; priority by CISA\'s SSVC decision table.'));
}

function days1(d) {
  return d === null || d === undefined ? '–' : (Math.round(d * 10) / 10).toLocaleString();
}

export function priorityBadge(p) {
  if (!p) return '–';
  return h('span', { class: 'badge prio-' + p, 'data-priority': p }, p === 'TRACK_STAR' ? 'Track*' : p.charAt(0) + p.slice(1).toLowerCase());
}
