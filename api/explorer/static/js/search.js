/* Search: suggestions as one types, each naming its type, document and jurisdiction. Picking
 * one adds it to the view (or starts one on an empty canvas); its "new view" button starts
 * afresh. Enter takes the first suggestion only when it matches what was typed: a weak match
 * is offered, never drawn over the view. While a connection is being found, the pick is its
 * other end. */

import { Q, gql } from './api.js';
import { badge, documentName, documentOf, fullName, jurisdictionOf } from './types.js';
import { add, connect, focusOn, say, setBusy } from './canvas.js';
import { cy } from './view.js';
import { $, el, shorten } from './util.js';

let seq = 0;
let suggestions = [];
let active = -1;
let connecting = null; // the node a connection is being found from

const squash = (text) => (text || '').replace(/\s+/g, '').toLowerCase();

/** Whether a hit matches the words typed, not only some of them. */
function strong(hit, text) {
  const q = squash(text);
  const n = hit.node;
  return [n.displayName, n.name, n.title, n.label, hit.text].some((t) => t && squash(t).includes(q));
}

function where(n) {
  const doc = documentOf(n);
  const place = jurisdictionOf(n);
  const docName = doc ? shorten(documentName(doc), 16) : '';
  return [docName, place && !docName.includes(place) ? place : ''].filter(Boolean).join(' · ');
}

function render(text) {
  const list = $('suggestions');
  const input = $('search');
  if (!text) {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    return;
  }
  const items = suggestions.map((hit, i) => {
    const n = hit.node;
    const hint = hit.text && hit.text !== n.displayName ? shorten(hit.text, 30) : '';
    const origin = where(n);
    return el('li', { role: 'option', id: `sg-${i}`, 'data-id': n.id, 'aria-selected': i === active ? 'true' : 'false',
      onmousedown: (ev) => { ev.preventDefault(); pick(i); } },
      badge(n.__typename),
      el('span', { class: 'name' }, fullName(n),
        origin ? el('span', { class: 'origin' }, origin) : null),
      hint ? el('span', { class: 'hint' }, hint) : null,
      connecting ? null : el('button', { type: 'button', class: 'new-view', title: 'Start a new view from it',
        onmousedown: (ev) => { ev.preventDefault(); ev.stopPropagation(); pick(i, true); } }, '新视图'));
  });
  if (!items.length) {
    items.push(el('li', { class: 'none', role: 'option', 'aria-disabled': 'true' }, `未找到与“${text}”匹配的结果 (no matches)`));
  }
  list.replaceChildren(...items);
  list.dataset.for = text;
  list.hidden = false;
  input.setAttribute('aria-expanded', 'true');
}

async function suggest(text) {
  const mine = ++seq;
  if (!text.trim()) {
    suggestions = [];
    render('');
    return;
  }
  setBusy(1);
  try {
    const data = await gql(Q.suggest, { text: text.trim(), first: 12 });
    if (mine !== seq) return;
    suggestions = (data.search && data.search.nodes) || [];
    active = suggestions.length ? 0 : -1;
    render(text.trim());
  } catch (err) {
    if (mine === seq) say(err.message, 'error');
  } finally {
    setBusy(-1);
  }
}

function pick(i, fresh) {
  const hit = suggestions[i];
  if (!hit) return;
  $('search').value = hit.node.displayName || '';
  render('');
  if (connecting) finishConnection(hit.node.id);
  else if (fresh || cy.nodes().empty()) focusOn(hit.node.id);
  else add(hit.node.id);
}

// --- finding a connection ---------------------------------------------------------------------

export function startConnection(id) {
  connecting = id;
  const node = cy.getElementById(id);
  $('connect-from').textContent = node.nonempty() ? node.data('name') : id;
  $('connect-bar').hidden = false;
  document.body.toggleAttribute('data-connecting', true);
  $('search').focus();
}

export function cancelConnection() {
  connecting = null;
  $('connect-bar').hidden = true;
  document.body.toggleAttribute('data-connecting', false);
}

export function connectingFrom() {
  return connecting;
}

export async function finishConnection(to) {
  const from = connecting;
  if (!from || from === to) return;
  cancelConnection();
  await connect(from, to, $('connect-hubs').checked);
}

export function setupSearch() {
  const input = $('search');
  let timer = null;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => suggest(input.value), 180);
  });
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      if (!suggestions.length) return;
      ev.preventDefault();
      active = (active + (ev.key === 'ArrowDown' ? 1 : -1) + suggestions.length) % suggestions.length;
      render(input.value.trim());
    } else if (ev.key === 'Escape') {
      render('');
    }
  });
  input.addEventListener('blur', () => setTimeout(() => render(''), 150));
  $('search-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearTimeout(timer);
    const text = input.value.trim();
    if (!text) return;
    const chose = active > 0; // the arrow keys chose a suggestion: take it as it is
    if (!suggestions.length || $('suggestions').hidden) await suggest(text);
    if (!suggestions.length) {
      say(`未找到与“${text}”匹配的节点 (no matches for “${text}”)`);
      return;
    }
    const i = Math.max(active, 0);
    if (!chose && !strong(suggestions[i], text) && (cy.nodes().nonempty() || connecting)) {
      render(text);
      say(`没有与“${text}”完全匹配的节点,请从列表中选择 (no exact match: pick one from the list)`);
      return;
    }
    pick(i);
  });
  $('connect-cancel').addEventListener('click', cancelConnection);
}
