/* The table beside the graph: what is drawn, sortable, exported as CSV; and rankings over
 * the whole graph (most cited policies, busiest departments, items due this month). A row
 * selects its node, or adds it to the view when it is not drawn. */

import { Q, gql } from './api.js';
import { NODE_TYPES, ROLES, areaName, documentName, isItem, itemNumber } from './types.js';
import { state } from './state.js';
import { add, select } from './canvas.js';
import { cy } from './view.js';
import { $, download, el } from './util.js';

/** The columns of the drawn list: header and how a drawn node fills it. */
const COLUMNS = [
  ['kind', '类型 Kind', (n) => NODE_TYPES[n.data('type')]?.zh || n.data('type')],
  ['number', '编号 No.', (n) => (isItem(n.data('type')) ? itemNumber(n.data('raw')) : '')],
  ['name', '名称 Name', (n) => n.data('name')],
  ['lead', '牵头单位 Lead', (n) => n.data('raw').lead || ''],
  ['role', '角色 Role', (n) => roleToFocus(n)],
  ['area', '领域 Area', (n) => n.data('areaName') || ''],
  ['document', '文件 Document', (n) => (n.data('document') ? documentName(n.data('document')) : '')],
  ['lines', '行 Lines', (n) => lines(n.data('raw').provenance)],
];

function lines(p) {
  if (!p || p.lineStart == null) return '';
  return p.lineEnd == null || p.lineEnd === p.lineStart ? `${p.lineStart}` : `${p.lineStart}–${p.lineEnd}`;
}

/** The role of the focus (a department) on this item: 牵头 or 配合. */
function roleToFocus(n) {
  const edge = n.connectedEdges().filter((e) => e.data('role') && (e.source().id() === state.focus || e.target().id() === state.focus));
  return edge.nonempty() ? (ROLES[edge.first().data('role')] || '').split(' ')[0] : '';
}

let sortBy = null; // [column key, ascending]
let tab = 'view';

function collator(a, b) {
  const na = Number(a), nb = Number(b);
  if (a !== '' && b !== '' && !Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  return String(a).localeCompare(String(b), 'zh-Hans-CN', { numeric: true });
}

/** The drawn list, as rows of cell texts in the current order: what the table shows and the
 * CSV holds. */
export function drawnRows() {
  const rows = cy.nodes().not('.off').map((n) => ({ id: n.id(), cells: COLUMNS.map(([, , cell]) => cell(n)) }));
  if (sortBy) {
    const i = COLUMNS.findIndex(([key]) => key === sortBy[0]);
    rows.sort((a, b) => collator(a.cells[i], b.cells[i]) * (sortBy[1] ? 1 : -1));
  }
  return rows;
}

function open(id) {
  if (cy.getElementById(id).nonempty() && !cy.getElementById(id).hasClass('off')) {
    select(id);
    cy.animate({ center: { eles: cy.getElementById(id) } }, { duration: 200 });
  } else {
    add(id);
  }
}

function renderView() {
  const head = el('tr', {}, COLUMNS.map(([key, title]) => el('th', { scope: 'col', 'data-col': key,
    'aria-sort': sortBy && sortBy[0] === key ? (sortBy[1] ? 'ascending' : 'descending') : null },
  el('button', { type: 'button', onclick: () => {
    sortBy = sortBy && sortBy[0] === key ? [key, !sortBy[1]] : [key, true];
    renderTable();
  } }, title))));
  const body = drawnRows().map((row) => el('tr', { 'data-id': row.id, tabindex: '0', onclick: () => open(row.id),
    onkeydown: (ev) => { if (ev.key === 'Enter') open(row.id); } },
  row.cells.map((c) => el('td', {}, c))));
  $('table-body').replaceChildren(el('table', { class: 'list', id: 'drawn-table' }, el('thead', {}, head), el('tbody', {}, body)));
}

let rankings = null;

/** The month "due this month" means: the page's clock's. */
const thisMonth = () => new Date().getMonth() + 1;

/** The items with a deadline this month (GraphQL `schedule(month, dueOnly)`), each once, in
 * the schedule's order, with its deadlines' labels. */
function dueItems(schedule) {
  const items = new Map();
  for (const m of schedule.nodes) {
    if (!m.item) continue;
    const seen = items.get(m.item.id);
    if (seen) seen.labels.push(m.label);
    else items.set(m.item.id, { item: m.item, labels: [m.label] });
  }
  return [...items.values()];
}

async function renderRankings() {
  const box = $('table-body');
  const month = thisMonth();
  if (!rankings || rankings.month !== month) {
    box.replaceChildren(el('p', { class: 'where' }, '加载中… loading'));
    rankings = { month, ...(await gql(Q.rankings, { month })) };
    if (tab !== 'rankings') return;
  }
  const list = (key, title, rows, note) => el('section', { class: 'ranking', 'data-ranking': key }, el('h3', {}, title),
    note ? el('p', { class: 'where' }, note) : null,
    el('ol', {}, rows.length ? rows : el('li', { class: 'where' }, '无 (none)')));
  const row = (id, text, count) => el('li', { 'data-id': id },
    el('a', { href: '#', onclick: (ev) => { ev.preventDefault(); open(id); } }, text), count ? el('small', {}, ` ${count}`) : null);
  const due = dueItems(rankings.schedule);
  const { totalCount } = rankings.schedule;
  const shownCount = rankings.schedule.nodes.length;
  box.replaceChildren(
    list('policies', '被引最多的政策 Most cited policies', rankings.policies.nodes.map((p) =>
      row(p.id, `《${p.title}》`, `${p.citationCount} 次引用 · ${p.itemCount} 项`))),
    list('departments', '负责事项最多的部门 Busiest departments', rankings.departments.nodes.map((d) =>
      row(d.id, d.name, `牵头 ${d.leadCount} · 配合 ${d.supportCount}`))),
    list('due', `本月(${month}月)到期 Due this month · ${due.length} 项`, due.map((d) =>
      row(d.item.id, `${itemNumber(d.item)} ${d.item.name}`, d.labels.join('、'))),
    totalCount > shownCount ? `前 ${shownCount} 个节点,共 ${totalCount} 个 (first ${shownCount} of ${totalCount} deadlines)` : ''),
  );
}

export function renderTable() {
  if ($('table-panel').hidden) return;
  for (const b of document.querySelectorAll('#table-tabs button')) b.setAttribute('aria-pressed', String(b.dataset.tab === tab));
  $('export-csv').hidden = tab !== 'view';
  if (tab === 'view') renderView();
  else renderRankings().catch((err) => $('table-body').replaceChildren(el('p', { class: 'where' }, err.message)));
}

function csvCell(text) {
  const s = String(text ?? '');
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The drawn list as CSV: a header row, then one row per drawn node with its id. */
export function tableCSV() {
  const header = ['id', ...COLUMNS.map(([, title]) => title)];
  const rows = drawnRows().map((r) => [r.id, ...r.cells]);
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export function setupTable(exportName) {
  $('toggle-table').addEventListener('click', () => {
    const panel = $('table-panel');
    panel.hidden = !panel.hidden;
    $('toggle-table').setAttribute('aria-pressed', String(!panel.hidden));
    document.body.toggleAttribute('data-table', !panel.hidden);
    cy.resize();
    renderTable();
  });
  for (const b of document.querySelectorAll('#table-tabs button')) {
    b.addEventListener('click', () => {
      tab = b.dataset.tab;
      renderTable();
    });
  }
  $('export-csv').addEventListener('click', () => {
    download(exportName('csv'), new Blob(['\ufeff' + tableCSV()], { type: 'text/csv;charset=utf-8' }));
  });
}

