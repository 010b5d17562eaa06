// tenable-connector web UI: a single page over the service's JSON API, in plain JavaScript.
// Every value from the server goes into the page as text (never as HTML), and no key is ever
// put back into the page once typed.

import { connectionsView } from './connections.js';
import { connectorView, runView } from './connector.js';
import { MAY, add, clear, errorBox, h, leavePage, parseHash, settingsSpec } from './core.js';
import { inventoryView } from './inventory.js';
import { overviewView } from './overview.js';
import { recordView } from './record.js';
import { editView, wizardView } from './wizard.js';

async function route() {
  leavePage();
  const { parts, params } = parseHash();
  // data-ready names the route once its first render is complete: tests (and scripts) wait on it
  delete document.body.dataset.ready;
  const view = clear(document.getElementById('view'));
  document.querySelectorAll('[data-nav]').forEach(a => a.classList.toggle('active', a.dataset.nav === parts[0]
    || (parts[0] === 'connectors' && a.dataset.nav === 'connections')));
  try {
    if ((parts[0] === 'connections' || parts[0] === 'connectors') && !MAY.has('connectors')) {
      add(view, h('h1', {}, 'Connections'), h('p', { class: 'alert', id: 'not-for-role' },
        'Your role may read the inventory only. Ask an administrator for the operator role to manage connectors.'));
    } else if (parts[0] === 'overview' || parts.length === 0) await overviewView(view);
    else if (parts[0] === 'connections') await connectionsView(view);
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
  document.body.dataset.ready = location.hash || '#/overview';
  if (!document.activeElement || document.activeElement === document.body) view.focus({ preventScroll: true });
}

document.querySelectorAll('[data-may]').forEach(el => { el.hidden = !MAY.has(el.dataset.may); });
window.addEventListener('hashchange', route);
// The settings table first: forms and the Test Connection checks are built from it.
settingsSpec().catch(() => null).finally(route);
