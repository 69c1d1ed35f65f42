/* The legend (every visual code the graph uses), the filters (node and relationship types,
 * area, document, jurisdiction), the hidden list and the stats line. */

import { NODE_TYPES, REL_TYPES, areaName, documents, swatch } from './types.js';
import { state } from './state.js';
import { filtered, reach, truncated, unhide } from './canvas.js';
import { cy } from './view.js';
import { $, el, shorten } from './util.js';

function toggle(set, value, member) {
  if (member) set.add(value);
  else set.delete(value);
  filtered();
}

/** The codes beyond a type's colour and shape. */
function codes() {
  const ring = (style) => el('span', { class: 'swatch code', style });
  const line = (style) => el('span', { class: 'swatch line', style });
  return [
    [ring('border:3px solid #ffd54a;background:#ccc;border-radius:50%'), '中心', 'the focus'],
    [ring('border:3px solid #444;background:#ccc;border-radius:50%'), '已展开', 'expanded'],
    [ring('border:5px double #444;background:#ccc;border-radius:50%'), '还有更多相邻节点', 'has more neighbours'],
    [ring('box-shadow:0 0 0 4px rgba(255,122,0,.45);background:#ccc;border-radius:50%'), '连接路径', 'on a found connection'],
    [line('border-top:3px solid #1f6fc5'), '牵头', 'lead (thick)'],
    [line('border-top:2px dashed #1f6fc5'), '配合', 'support (dashed)'],
    [el('span', { class: 'swatch count-code' }, '×3'), '多条同类关系', 'parallel relationships, counted'],
  ].map(([mark, zh, en]) => el('li', {}, mark, zh, el('small', {}, en)));
}

export function buildLegend() {
  $('node-types').replaceChildren(...Object.entries(NODE_TYPES).map(([type, t]) => el('li', {},
    el('label', { title: t.description || t.en },
      el('input', { type: 'checkbox', 'data-type': type, checked: true,
        onchange: (ev) => toggle(state.offTypes, type, !ev.target.checked) }),
      swatch(t), t.zh, el('small', {}, t.en)),
    el('span', { class: 'count', 'data-count': type }))));
  $('rel-types').replaceChildren(...Object.entries(REL_TYPES).map(([type, r]) => el('li', {},
    el('label', { title: r.description || r.en },
      el('input', { type: 'checkbox', 'data-rel': type, checked: true,
        onchange: (ev) => toggle(state.offRels, type, !ev.target.checked) }),
      el('span', { class: 'swatch line', style: `border-top-color:${r.color};border-top-style:${r.style}` }),
      r.zh, el('small', {}, r.en)),
    el('span', { class: 'count', 'data-count': type }))));
  $('codes').replaceChildren(...codes());
  $('area').addEventListener('change', (ev) => {
    state.area = ev.target.value;
    filtered();
  });
  $('documents').addEventListener('change', (ev) => toggle(state.docs, ev.target.value, ev.target.checked));
  $('places').addEventListener('change', (ev) => toggle(state.places, ev.target.value, ev.target.checked));
}

export function syncFilterInputs() {
  for (const input of document.querySelectorAll('#node-types input')) input.checked = !state.offTypes.has(input.dataset.type);
  for (const input of document.querySelectorAll('#rel-types input')) input.checked = !state.offRels.has(input.dataset.rel);
}

function renderCounts() {
  const counts = {};
  for (const n of cy.nodes().not('.off')) counts[n.data('type')] = (counts[n.data('type')] || 0) + 1;
  for (const e of cy.edges().not('.off')) counts[e.data('type')] = (counts[e.data('type')] || 0) + e.data('count');
  for (const span of document.querySelectorAll('[data-count]')) span.textContent = counts[span.dataset.count] || '';
}

function renderAreas() {
  const select = $('area');
  const keys = new Set(cy.nodes().map((n) => n.data('area')).filter(Boolean));
  if (state.area) keys.add(state.area);
  const options = [el('option', { value: '' }, '全部领域 (all areas)')];
  for (const key of [...keys].sort()) options.push(el('option', { value: key, selected: key === state.area }, areaName(key)));
  select.replaceChildren(...options);
  select.value = state.area;
}

/** One checkbox per loaded document and one per jurisdiction they are about (each list shown
 * when it has several, or one is chosen); checked ones restrict the view to themselves. */
function renderDocuments() {
  const docs = [...documents.values()];
  $('documents').replaceChildren(...docs.map((d) => el('li', {},
    el('label', { title: d.title || d.sourceName || '' },
      el('input', { type: 'checkbox', value: d.key, checked: state.docs.has(d.key) }),
      shorten(d.title || d.sourceName || d.key, 22), d.jurisdiction ? el('small', {}, d.jurisdiction) : null))));
  $('documents-section').hidden = docs.length < 2 && !state.docs.size;
  const places = [...new Set(docs.map((d) => d.jurisdiction).filter(Boolean))].sort();
  $('places').replaceChildren(...places.map((j) => el('li', {},
    el('label', {},
      el('input', { type: 'checkbox', value: j, checked: state.places.has(j) }), j,
      el('small', {}, `${docs.filter((d) => d.jurisdiction === j).length} 份文件`)))));
  $('places-section').hidden = places.length < 2 && !state.places.size;
}

function renderHidden() {
  const items = [...state.hidden].map((id) => {
    const node = cy.getElementById(id);
    const name = node.nonempty() ? node.data('name') : id;
    return el('li', { 'data-hidden': id }, el('span', {}, shorten(name, 14)),
      el('button', { type: 'button', title: 'Show again', onclick: () => unhide(id) }, '显示'));
  });
  $('hidden-list').replaceChildren(...items);
  $('hidden-section').hidden = items.length === 0;
}

/** Nodes and relationships on screen, and what is left out: hidden, filtered, or not yet
 * fetched ("30 of 33 shown"). */
function renderStats() {
  const nodes = cy.nodes().not('.off').length;
  const edges = cy.edges().not('.off').reduce((sum, e) => sum + e.data('count'), 0);
  const off = cy.nodes('.off').length;
  const partial = [...truncated].filter(([, more]) => more).map(([id]) => {
    const node = cy.getElementById(id);
    const shown = node.neighborhood('node').length;
    return { name: node.nonempty() ? node.data('name') : id, shown, all: reach.get(id) };
  });
  const parts = partial.map((p) => `${shorten(p.name, 12)}: 相邻 ${p.shown} / ${p.all} (${p.shown} of ${p.all} shown)`);
  $('stats').textContent = nodes
    ? [`显示 ${nodes} 个节点、${edges} 条关系${off ? `(另有 ${off} 个被隐藏或筛除)` : ''} · ${nodes} nodes, ${edges} edges`,
      ...parts].join(' · ')
    : '';
}

export function renderLegend() {
  syncFilterInputs();
  renderCounts();
  renderAreas();
  renderDocuments();
  renderHidden();
  renderStats();
}
