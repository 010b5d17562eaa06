// The form parts the wizard and Edit share: fields built from GET /api/spec, scope, schedule,
// Advanced Settings, the Test Connection checks.

import { busy } from './connections.js';
import { add, alertBox, api, append, clear, defaultMapping, duration, errorBox, flash, h, loadedSpec, remedyLine, rerender, timezoneList, titleCase, when } from './core.js';

// ---------- form parts ----------

let uid = 0;
export function field(label, input, help) {
  if (!input.id) input.id = 'f' + (++uid);
  return h('div', {}, h('label', { for: input.id }, label), input, help ? h('div', { class: 'field-help' }, help) : null);
}

export function descriptionField(value, max) {
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
export function settingLabel(key) {
  const words = key.replace(/([A-Z])/g, ' $1').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The sync settings of some groups as form fields, built from GET /api/spec (their type, bounds,
 * default and help); value() returns them by key for the API, which validates them.
 */
export function specFields(spec, groups, values) {
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

export function radios(name, options, current, onchange) {
  return options.map(([value, label]) => h('label', { class: 'inline' },
    h('input', { type: 'radio', name, value, id: name + '-' + value.toLowerCase(), checked: value === current, onchange }), label));
}

/** A setting as GET /api/spec declares it. */
function settingOf(spec, key) {
  return spec.settings.find(s => s.key === key);
}

/** [value, label] for each choice of a setting, labelled as the spec says. */
function choicesOf(spec, key) {
  const setting = settingOf(spec, key);
  return setting.choices.map(c => [c, (setting.choiceLabels || {})[c] || titleCase(c)]);
}

export function checkboxes(name, options, selected) {
  return options.map(([value, label]) => h('label', { class: 'inline' },
    h('input', { type: 'checkbox', name, value, id: name + '-' + value.toLowerCase(), checked: selected.includes(value) }), label));
}

export function checkedValues(root, name) {
  return [...root.querySelectorAll('input[name="' + name + '"]:checked')].map(i => i.value);
}

/** Data to sync, preset, Tenable-side filters and the export settings; value() returns them for the API. */
export function scopeEditor(initial, spec) {
  const v = initial || { dataToSync: settingOf(spec, 'dataToSync').default, preset: settingOf(spec, 'preset').default, filters: {} };
  const f = v.filters || {};
  const tags = h('textarea', { id: 'filter-tags', rows: 2, placeholder: 'Environment=Production\nOwner=Web team' });
  tags.value = Object.entries(f.tags || {}).flatMap(([k, vals]) => vals.map(x => k + '=' + x)).join('\n');
  const network = h('input', { type: 'text', id: 'filter-network', placeholder: '00000000-0000-0000-0000-000000000000', value: f.networkId || '' });
  const cidr = h('input', { type: 'text', id: 'filter-cidr', placeholder: '10.0.0.0/8', value: f.cidr || '' });
  const preset = h('select', { id: 'preset' }, ...choicesOf(spec, 'preset').map(([value, label]) => h('option', { value }, label)));
  preset.value = v.preset || settingOf(spec, 'preset').default;
  const tuning = specFields(spec, ['EXPORTS', 'RELIABILITY'], v);
  const el = h('div', {},
    h('fieldset', {}, h('legend', {}, 'Data to sync'),
      radios('dataToSync', choicesOf(spec, 'dataToSync'), v.dataToSync || settingOf(spec, 'dataToSync').default),
      h('div', { class: 'field-help' }, 'Tenable keeps export chunks for 24 hours (assets) or 72 hours (assets and findings): a run must finish within that window.')),
    field('Preset', preset),
    h('fieldset', {}, h('legend', {}, 'Filters (applied by Tenable)'),
      h('div', {}, h('strong', { class: 'small' }, 'Severities '),
        checkboxes('severity', choicesOf(spec, 'filters.severities'), f.severities || [])),
      h('div', {}, h('strong', { class: 'small' }, 'Finding states '),
        checkboxes('state', choicesOf(spec, 'filters.states'), f.states || [])),
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

export function browserZone() {
  try { return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'; } catch (e) { return 'UTC'; }
}

/** Daily, or Custom (single occurrence or recurring), or only by hand; each with a time zone. */
export function scheduleEditor(initial) {
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

export function describeSchedule(s) {
  if (s.type === 'MANUAL') return 'Only when run by hand';
  if (s.type === 'DAILY') return 'Daily at ' + s.time + ' (' + s.timezone + ')';
  if (s.type === 'ONCE') return 'Once on ' + s.date + ' at ' + s.time + ' (' + s.timezone + ')';
  return 'Every ' + s.every + ' ' + String(s.unit).toLowerCase() + ' from ' + s.startDate + ' ' + s.time + ' (' + s.timezone + ')';
}

/**
 * The Advanced Settings panel: the active transform map and risk severity mapping, an edited copy
 * picked from a file or pasted, validated by the service. Changes count only when saved.
 */
export function advancedSettings(state, onSaved) {
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

export function mappingSummary(state) {
  return 'Transform map: ' + (state.transformMap ? 'edited copy' + (state.transformMap.name ? ' "' + state.transformMap.name + '"' : '') : 'built-in')
    + ' · Risk severity mapping: ' + (state.severityMapping ? 'edited copy' : 'built-in');
}

/** The five checks as a list, updated as each arrives. */
export function checksList() {
  const list = h('ul', { class: 'checks', id: 'checks', 'aria-live': 'polite' });
  const rows = {};
  // The five checks, in order, as the service declares them (GET /api/spec).
  const names = () => (loadedSpec() || { checks: [] }).checks;
  const set = (c) => {
    if (!rows[c.name]) {
      rows[c.name] = h('li', { 'data-check': c.name });
      add(list, rows[c.name]);
    }
    const li = rows[c.name];
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
      Object.keys(rows).forEach(name => delete rows[name]);
      names().forEach((name, i) => set({ name, status: i === 0 ? 'RUNNING' : 'PENDING' }));
    },
    update: (c) => {
      set(c);
      const order = names();
      const i = order.indexOf(c.name);
      if (c.status === 'PASSED' && i >= 0 && i + 1 < order.length) set({ name: order[i + 1], status: 'RUNNING' });
    },
    show: (checks) => checks.forEach(set),
  };
}

export function requestErrors(e) {
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
export async function sendConnector(button, busyText, errors, keyFields, send, done) {
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
