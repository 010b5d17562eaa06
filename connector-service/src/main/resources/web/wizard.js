// The setup wizard (seed 002's four steps) and the Edit page.

import { fieldList, filtersText } from './connector.js';
import { add, choiceLabel, alertBox, api, clear, errorBox, flash, go, h, num, settingsSpec, testConnection } from './core.js';
import { advancedSettings, checksList, describeSchedule, descriptionField, field, mappingSummary, requestErrors, scheduleEditor, scopeEditor, sendConnector } from './forms.js';

// ---------- wizard ----------

export async function wizardView(view) {
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
        fieldList([['Data to sync', choiceLabel('dataToSync', sc.dataToSync)],
          ['Preset', choiceLabel('preset', sc.preset)], ['Filters', filtersText(sc.filters)],
          ['Schedule', describeSchedule(sch)], ['Export settings', scope.changed().join(', ') || 'defaults'],
          ['Advanced settings', mappingSummary(state)]])),
      h('div', { class: 'panel', id: 'preview' }, h('h3', {}, 'How big is the first sync?'),
        h('p', { class: 'small muted' }, 'Asks Tenable for a throwaway export with these settings, reads a sample and cancels it; nothing is stored.'),
        previewButton, previewResult),
      h('label', { class: 'inline' }, runNow, 'Run the first import as soon as the connector is created'),
      h('p', { class: 'small muted' }, 'Create runs Test Connection once more with these keys, then saves the connector; it runs on its schedule or when you click Run now.'));
  };
  const runNow = h('input', { type: 'checkbox', id: 'run-now', checked: true });
  const previewResult = h('div', { id: 'preview-result', role: 'status', 'aria-live': 'polite' });
  const mb = (b) => (b / 1048576).toFixed(b < 10485760 ? 1 : 0) + ' MB';
  const dur = (s) => s === null || s === undefined ? 'unknown' : s < 90 ? 'about ' + s + ' s' : 'about ' + Math.round(s / 60) + ' min';
  const previewButton = h('button', { type: 'button', id: 'preview-run', onclick: async () => {
    previewButton.disabled = true;
    add(clear(previewResult), h('p', { class: 'muted' }, 'Asking Tenable…'));
    try {
      const body = { tenableUrl: url.value.trim(), accessKey: access.value.trim(), secretKey: secret.value.trim(), ...scope.value() };
      const e = await api('POST', '/api/connectors/preview', body);
      add(clear(previewResult), h('p', { id: 'preview-summary' }, e.exact ? '' : 'About ', h('strong', {}, num(e.findings)), ' findings on ',
        h('strong', {}, num(e.assetsWithFindings)), ' assets (up to ', num(e.assets), ' assets in scope); ', mb(e.tenableBytes), ' from Tenable, ', mb(e.storedBytes), ' in the inventory; Tenable\'s export ',
        dur(e.tenableSeconds), ', the sync ', dur(e.syncSeconds), '.'), h('p', { class: 'small muted', id: 'preview-how' }, e.how));
    } catch (err) {
      add(clear(previewResult), ...requestErrors(err));
    } finally {
      previewButton.disabled = false;
    }
  } }, 'Estimate the first sync');

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
    sendConnector(create, 'Creating…', errors, [access, secret], () => api('POST', '/api/connectors', body), async created => {
      if (runNow.checked) {
        try {
          await api('POST', '/api/connectors/' + encodeURIComponent(created.id) + '/runs');
          flash('Connector "' + created.name + '" created; its first import is running.');
        } catch (e) {
          flash('Connector "' + created.name + '" created, but its first import could not start: ' + ((e.body && e.body.message) || e.message), 'error');
        }
      } else {
        flash('Connector "' + created.name + '" created: ' + created.scheduleDescription + '.');
      }
      go('#/connectors/' + created.id);
    });
  });
  show(0);
}

// ---------- edit ----------

export async function editView(view, id) {
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
