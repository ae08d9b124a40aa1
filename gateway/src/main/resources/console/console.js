// The demo fintech's front end: it uses only the public facade, with the public sandbox demo key.
'use strict';

const API_KEY = document.querySelector('meta[name="cgw-demo-key"]').content;
const RETURN_URL = window.location.origin + '/';
const PAGE_SIZE = 20;
const DEFAULT_PERMISSIONS = ['accounts', 'balances', 'transactions'];

const $ = (id) => document.getElementById(id);
let nextCursor = null;
let chosen = null;
let searchTimer = null;

function randomId() {
  if (window.crypto && typeof window.crypto.randomUUID === 'function') {
    return window.crypto.randomUUID();
  }
  const bytes = window.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function api(method, path, body) {
  const headers = { Authorization: 'Bearer ' + API_KEY, Accept: 'application/json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (method === 'POST') {
    headers['Idempotency-Key'] = randomId();
  }
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw json || { title: 'HTTP ' + response.status };
  }
  return json;
}

function showProblem(problem) {
  const box = $('problem');
  const lines = [problem.title || 'Something went wrong'];
  if (problem.detail) lines.push(problem.detail);
  if (problem.code) lines.push('code: ' + problem.code);
  (problem.errors || []).forEach((e) => lines.push('• ' + (e.pointer || e.parameter || '') + ' ' + (e.detail || '')));
  box.textContent = lines.join('\n');
  box.hidden = false;
}

function clearProblem() {
  $('problem').hidden = true;
}

function show(section) {
  ['picker', 'start', 'consent-view'].forEach((id) => { $(id).hidden = id !== section; });
}

// ---- institution picker ----

function institutionItem(institution) {
  const li = document.createElement('li');
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'institution';
  button.dataset.id = institution.id;
  button.disabled = !institution.connectable;
  if (institution.logoUrl) {
    const img = document.createElement('img');
    img.src = institution.logoUrl;
    img.alt = '';
    button.appendChild(img);
  } else {
    const none = document.createElement('span');
    none.className = 'nologo';
    button.appendChild(none);
  }
  const text = document.createElement('span');
  const name = document.createElement('strong');
  name.textContent = institution.name;
  const meta = document.createElement('span');
  meta.className = 'meta';
  meta.textContent = ' ' + institution.provider + ' · ' + (institution.countries || []).join(', ')
    + (institution.connectable ? '' : ' · not connectable now');
  text.append(name, meta);
  button.appendChild(text);
  button.addEventListener('click', () => choose(institution));
  li.appendChild(button);
  return li;
}

async function loadInstitutions(append) {
  clearProblem();
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  const q = $('q').value.trim();
  if (q) params.set('q', q);
  if ($('provider').value) params.set('provider', $('provider').value);
  if ($('country').value) params.set('country', $('country').value);
  if (append && nextCursor) params.set('cursor', nextCursor);
  try {
    const page = await api('GET', '/v1/institutions?' + params);
    const list = $('institutions');
    if (!append) list.replaceChildren();
    page.data.forEach((institution) => list.appendChild(institutionItem(institution)));
    if (!append && page.data.length === 0) {
      const li = document.createElement('li');
      li.textContent = 'No institution matches these filters.';
      list.appendChild(li);
    }
    nextCursor = page.nextCursor || null;
    $('more').hidden = !nextCursor;
    list.dataset.loaded = 'true';
  } catch (problem) {
    showProblem(problem);
  }
}

function choose(institution) {
  chosen = institution;
  $('start-name').textContent = institution.name;
  const box = $('permissions');
  box.replaceChildren();
  institution.permissions.forEach((permission) => {
    const label = document.createElement('label');
    const input = document.createElement('input');
    input.type = 'checkbox';
    input.name = 'permission';
    input.value = permission;
    input.checked = DEFAULT_PERMISSIONS.includes(permission);
    label.append(input, ' ' + permission);
    box.appendChild(label);
  });
  show('start');
}

async function startJourney(event) {
  event.preventDefault();
  clearProblem();
  const permissions = Array.from(document.querySelectorAll('input[name="permission"]:checked'), (i) => i.value);
  const state = randomId();
  sessionStorage.setItem('cgw-console-state', state);
  try {
    const consent = await api('POST', '/v1/consents', {
      institutionId: chosen.id,
      user: { reference: $('user-ref').value.trim() },
      permissions,
      redirectUrl: RETURN_URL,
      state,
    });
    window.location.assign(consent.authorisationUrl);
  } catch (problem) {
    showProblem(problem);
  }
}

// ---- consent view ----

function outcomeSentence(params) {
  const status = params.get('status');
  const error = params.get('error');
  if (status === 'authorized') {
    return ['good', 'The bank confirmed your consent: Demo Fintech may now read the data listed below until it expires or you revoke it.'];
  }
  if (status === 'rejected' || error === 'access_denied') {
    return ['bad', 'You declined at the bank, so no data will be shared. Nothing else changed; you can connect again at any time.'];
  }
  if (status === 'failed') {
    return ['bad', 'The bank could not complete the consent' + (error ? ' (' + error + ')' : '')
      + '. No data will be shared; try again or pick another bank.'];
  }
  return ['', 'You are back from the bank; the consent is ' + (status || 'unknown') + '.'];
}

function renderConsent(consent) {
  $('consent-id').textContent = consent.id;
  const status = $('consent-status');
  status.textContent = consent.status;
  status.className = 'status ' + consent.status;
  $('consent-institution').textContent = consent.institutionId;
  $('consent-permissions').textContent = (consent.permissions || []).join(', ');
  $('consent-expires').textContent = consent.expiresAt || 'not set by the bank';
  $('consent-created').textContent = consent.createdAt || '';
  $('consent-updated').textContent = consent.updatedAt || '';
  $('consent-curl').textContent = "curl -H 'Authorization: Bearer " + API_KEY + "' "
    + window.location.origin + '/v1/consents/' + consent.id;
  const ended = ['revoked', 'rejected', 'expired', 'failed'].includes(consent.status);
  $('revoke').disabled = ended;
  $('consent-view').dataset.status = consent.status;
}

async function refreshConsent() {
  clearProblem();
  try {
    renderConsent(await api('GET', '/v1/consents/' + encodeURIComponent($('consent-id').textContent)));
  } catch (problem) {
    showProblem(problem);
  }
}

async function revokeConsent() {
  clearProblem();
  try {
    await api('DELETE', '/v1/consents/' + encodeURIComponent($('consent-id').textContent));
    await refreshConsent();
  } catch (problem) {
    showProblem(problem);
  }
}

async function returnedFromBank(params) {
  const [tone, sentence] = outcomeSentence(params);
  const outcome = $('outcome');
  outcome.textContent = sentence;
  outcome.className = 'outcome ' + tone;
  const expected = sessionStorage.getItem('cgw-console-state');
  if (expected && params.get('state') && params.get('state') !== expected) {
    outcome.textContent += ' (Warning: this redirect does not belong to the journey started here.)';
  }
  outcome.hidden = false;
  $('consent-id').textContent = params.get('consentId');
  show('consent-view');
  await refreshConsent();
}

$('filters').addEventListener('submit', (e) => { e.preventDefault(); loadInstitutions(false); });
$('q').addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => loadInstitutions(false), 250);
});
$('provider').addEventListener('change', () => loadInstitutions(false));
$('country').addEventListener('change', () => loadInstitutions(false));
$('more').addEventListener('click', () => loadInstitutions(true));
$('start-form').addEventListener('submit', startJourney);
$('back').addEventListener('click', () => show('picker'));
$('refresh').addEventListener('click', refreshConsent);
$('revoke').addEventListener('click', revokeConsent);

const query = new URLSearchParams(window.location.search);
if (query.get('consentId')) {
  returnedFromBank(query);
} else {
  show('picker');
  loadInstitutions(false);
}
