/* The side panel: the selected node or relationship, its properties in words (no raw codes),
 * the source text, its relationships (how many are drawn of how many it has), and what can be
 * done with it. */

import { Q, gql } from './api.js';
import { CELLS, PROP_LABELS } from './words.js';
import { REL_TYPES, ROLES, areaName, badge, documentName, documents, jurisdictionOf, kindName } from './types.js';
import { state, pagesOf } from './state.js';
import { PAGE, expand, focusOn, hide, reach, select, truncated } from './canvas.js';
import { startConnection } from './search.js';
import { cy, fitView } from './view.js';
import { $, el, fill } from './util.js';

/** How a property's value is written: names for codes, Chinese for kinds. */
function shown(key, value) {
  if (Array.isArray(value)) return value.join('、');
  if (key === 'areaKey') return areaName(value);
  if (key === 'kind' || key === 'itemKind') return kindName(value);
  if (key === 'ownerKey') {
    const owner = cy.nodes().filter((n) => n.data('raw').key === value || n.id().endsWith(':' + value));
    return owner.nonempty() ? owner.data('name') : value.slice(value.lastIndexOf('/') + 1);
  }
  if (key === 'parsed') return value ? '是' : '否';
  return String(value);
}

function propsTable(entries) {
  const rows = entries
    .filter(([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && !v.length))
    .map(([k, v]) => el('tr', {}, el('th', { scope: 'row', title: k }, PROP_LABELS[k] || k),
      el('td', { 'data-prop': k }, shown(k, v))));
  return rows.length ? el('table', { class: 'props' }, el('tbody', {}, rows)) : null;
}

/** The verbatim source text with document, section and lines. */
function sourceBlock(p) {
  if (!p || !p.sourceText) return null;
  const lines = p.lineStart === p.lineEnd || p.lineEnd == null ? `第 ${p.lineStart} 行` : `第 ${p.lineStart}–${p.lineEnd} 行`;
  const doc = documents.get(p.document);
  return el('section', { class: 'provenance' },
    el('h3', {}, '原文 ', el('small', {}, 'Source text')),
    el('blockquote', { class: 'source', 'data-line-start': p.lineStart, 'data-line-end': p.lineEnd }, p.sourceText),
    el('p', { class: 'where' },
      el('span', { class: 'doc', 'data-document': p.document }, documentName(p.document)),
      doc && doc.sourceName ? ` (${doc.sourceName})` : '',
      ' · ', el('span', { class: 'section' }, p.section || ''),
      ' · ', el('span', { class: 'lines' }, lines),
      p.cell ? el('span', { class: 'cell', title: p.cell }, ` · ${CELLS[p.cell] || p.cell}`) : null));
}

/** Which document and jurisdiction a node belongs to. */
function origin(element) {
  const doc = element.data('document');
  const place = element.data('jurisdiction');
  if (!doc && !place) return null;
  return el('p', { class: 'where origin' },
    doc ? el('span', { class: 'doc', 'data-document': doc }, documentName(doc)) : null,
    doc && place ? ' · ' : '',
    place ? el('span', { class: 'jurisdiction' }, place) : null);
}

function linkTo(element, text) {
  return el('a', { href: '#', onclick: (ev) => {
    ev.preventDefault();
    select(element.id(), element.isEdge() ? 'edge' : 'node');
  } }, text);
}

function relationsList(node, degree) {
  const drawn = node.connectedEdges().not('.off');
  const items = drawn.map((e) => {
    const outgoing = e.source().id() === node.id();
    const other = outgoing ? e.target() : e.source();
    return el('li', { 'data-edge': e.id() },
      el('span', { class: 'rel' }, outgoing ? '→ ' : '← '),
      linkTo(e, e.data('label')), e.data('count') > 1 ? ` ×${e.data('count')} ` : ' ',
      linkTo(other, other.data('name')));
  });
  const neighbours = drawn.connectedNodes().not(node).length;
  const count = degree === undefined ? `${items.length}` : `显示 ${neighbours} / 共 ${degree} 个相邻节点`;
  return el('section', {}, el('h3', {}, '关系 ', el('small', { class: 'degree', 'data-degree': degree ?? '' },
    `Relationships (${count})`)),
  items.length ? el('ul', { class: 'links relations' }, items) : null);
}

function buttons(id) {
  return el('div', { class: 'buttons' },
    el('button', { type: 'button', id: 'btn-expand', onclick: () => expand(id), disabled: pagesOf(id) > 0 }, '展开 Expand'),
    truncated.get(id)
      ? el('button', { type: 'button', id: 'btn-more', onclick: () => expand(id) },
        `显示更多 Show more (${Math.min(PAGE * pagesOf(id), reach.get(id))} / ${reach.get(id)})`)
      : null,
    el('button', { type: 'button', id: 'btn-connect', title: 'Find how this node is connected to another',
      onclick: () => startConnection(id) }, '查找连接 Connect'),
    id !== state.focus ? el('button', { type: 'button', id: 'btn-focus', onclick: () => focusOn(id) }, '设为中心 Focus') : null,
    id !== state.focus ? el('button', { type: 'button', id: 'btn-hide', onclick: () => hide(id) }, '隐藏 Hide') : null);
}

function showEdge(body, element) {
  const e = element.data('raw');
  const role = element.data('role');
  const rel = REL_TYPES[e.type] || { zh: e.type, en: '' };
  const provenanceKeys = new Set(['document', 'section', 'row', 'cell', 'line_start', 'line_end', 'source_text', 'role']);
  const extra = Object.entries(e.properties || {}).filter(([k]) => !provenanceKeys.has(k));
  const members = element.data('members');
  fill(body,
    el('p', {}, badge(e.type)),
    el('h2', {}, `${element.source().data('name')} → ${element.target().data('name')}`),
    role ? el('p', {}, '角色 Role: ', el('span', { class: `role ${role}`, 'data-role': role }, ROLES[role] || role)) : null,
    members.length > 1 ? el('p', { class: 'where parallel' }, `${members.length} 条同类关系 (${members.length} parallel relationships)`) : null,
    el('ul', { class: 'links' },
      el('li', {}, '起点 From: ', linkTo(element.source(), element.source().data('name'))),
      el('li', {}, '终点 To: ', linkTo(element.target(), element.target().data('name')))),
    el('p', { class: 'where' }, `${rel.zh} ${rel.en ? '(' + rel.en + ')' : ''}`),
    propsTable(extra),
    members.map((m) => sourceBlock(m.provenance)).filter(Boolean).length
      ? members.map((m) => sourceBlock(m.provenance))
      : el('p', { class: 'where' }, '此关系没有原文出处 (no source text on this relationship)'),
  );
}

let shownId = null;

export async function showPanel(element) {
  const body = $('panel-body');
  const opening = $('panel').hidden;
  $('panel').hidden = false;
  document.body.toggleAttribute('data-panel', true);
  if (opening) keepInView(element);
  if (element.isEdge()) {
    shownId = element.id();
    showEdge(body, element);
    return;
  }
  const id = element.id();
  const type = element.data('type');
  const again = shownId === id && body.querySelector('table.props');
  shownId = id;
  if (!again) {
    fill(body, el('p', {}, badge(type)), el('h2', {}, element.data('name')), origin(element), buttons(id),
      el('p', { class: 'where' }, '加载中… loading'));
  }
  let data;
  try {
    data = await gql(Q.node, { id });
  } catch (err) {
    body.lastChild.textContent = err.message;
    return;
  }
  if (!state.selected || state.selected.id !== id) return; // another selection came first
  const details = data.node;
  if (!details) {
    body.lastChild.textContent = '找不到此节点 (not found)';
    return;
  }
  const skip = new Set(['__typename', 'id', 'displayName', 'provenance', 'key']);
  const entries = Object.entries(details).filter(([k]) => !skip.has(k));
  fill(body,
    el('p', {}, badge(type)),
    el('h2', {}, element.data('name')),
    origin(element),
    buttons(id),
    propsTable(entries),
    sourceBlock(details.provenance),
    relationsList(element, data.neighbourhood ? data.neighbourhood.reach : undefined),
  );
}

/** When the panel opens over the nodes it describes, the view is fitted to the room left. */
function keepInView(element) {
  const panel = $('panel').getBoundingClientRect();
  const stage = cy.container().getBoundingClientRect();
  const nodes = element.isEdge() ? element.connectedNodes() : element;
  const covered = nodes.some((n) => {
    const p = n.renderedPosition();
    return p.x + stage.left > panel.left - 20 && p.y + stage.top > panel.top - 20;
  });
  if (covered) fitView();
}

export function closePanel() {
  $('panel').hidden = true;
  document.body.toggleAttribute('data-panel', false);
  $('panel-body').replaceChildren();
  shownId = null;
}

export function jurisdictionName(element) {
  return jurisdictionOf(element.data('raw'));
}
