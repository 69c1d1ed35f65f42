/* The view's state and its history: what the URL keeps, one browser history entry per change.
 *
 * A view is a replay of an ordered list of steps from its focus: ``x`` expands a node (again:
 * one more page of it), ``add`` puts a node on the canvas, ``path`` draws the shortest
 * connections between two nodes. Hidden nodes, filters and the selection are applied on top.
 * Every change pushes a history entry (so Back, Forward, undo and redo walk the views); a
 * selection only replaces the current one.
 */

import { NODE_TYPES, REL_TYPES } from './types.js';

export const state = {
  focus: null, // node id
  steps: [], // {op: 'x'|'add', id} or {op: 'path', from, to, hubs}
  hidden: new Set(),
  offTypes: new Set(),
  offRels: new Set(),
  area: '',
  docs: new Set(), // documents kept (none: all)
  places: new Set(), // jurisdictions kept (none: all)
  selected: null, // {kind: 'node'|'edge', id}
};

/** The expanded node ids in order (a repeated id is one more page of that node). */
Object.defineProperty(state, 'expansions', {
  get: () => state.steps.filter((s) => s.op === 'x').map((s) => s.id),
});

export function pagesOf(id) {
  let n = id === state.focus ? 1 : 0;
  for (const s of state.steps) if (s.op === 'x' && s.id === id) n += 1;
  return n;
}

const PATH_SEPARATOR = '|';

export function toURL(s = state) {
  const params = new URLSearchParams();
  if (s.focus) params.set('focus', s.focus);
  for (const step of s.steps) {
    if (step.op === 'path') params.append('path', [step.from, step.to, step.hubs ? 'hubs' : ''].join(PATH_SEPARATOR));
    else params.append(step.op, step.id);
  }
  for (const id of s.hidden) params.append('hide', id);
  for (const t of s.offTypes) params.append('off', t);
  for (const r of s.offRels) params.append('offrel', r);
  if (s.area) params.set('area', s.area);
  for (const d of s.docs) params.append('doc', d);
  for (const j of s.places) params.append('jur', j);
  if (s.selected) params.set(s.selected.kind === 'edge' ? 'edge' : 'sel', s.selected.id);
  const query = params.toString();
  return location.pathname + (query ? '?' + query : '');
}

export function readURL() {
  const params = new URLSearchParams(location.search);
  const steps = [];
  for (const [name, value] of params) {
    if (name === 'x' || name === 'add') steps.push({ op: name, id: value });
    if (name === 'path') {
      const [from, to, hubs] = value.split(PATH_SEPARATOR);
      if (from && to) steps.push({ op: 'path', from, to, hubs: hubs === 'hubs' });
    }
  }
  return {
    focus: params.get('focus'),
    steps,
    hidden: new Set(params.getAll('hide')),
    offTypes: new Set(params.getAll('off').filter((t) => t in NODE_TYPES)),
    offRels: new Set(params.getAll('offrel').filter((r) => r in REL_TYPES)),
    area: params.get('area') || '',
    docs: new Set(params.getAll('doc')),
    places: new Set(params.getAll('jur')),
    selected: params.get('edge')
      ? { kind: 'edge', id: params.get('edge') }
      : params.get('sel') ? { kind: 'node', id: params.get('sel') } : null,
  };
}

/** Whether two states draw the same elements (they may differ in filters and selection). */
export function sameDrawing(a, b) {
  return a.focus === b.focus && JSON.stringify(a.steps) === JSON.stringify(b.steps);
}

// --- history ---------------------------------------------------------------------------------

let position = 0; // this entry's place in the explorer's history
let newest = 0; // the furthest entry Forward can reach

export function historyPosition() {
  return { position, newest };
}

/** The first entry: the URL the page was opened with. */
export function startHistory() {
  position = history.state && Number.isInteger(history.state.step) ? history.state.step : 0;
  newest = position;
  history.replaceState({ step: position }, '', toURL());
}

/** A change: a new history entry. */
export function commit() {
  const url = toURL();
  if (url === location.pathname + location.search) return;
  position += 1;
  newest = position;
  history.pushState({ step: position }, '', url);
}

/** A selection: the same entry, its URL updated. */
export function saveURL() {
  const url = toURL();
  if (url !== location.pathname + location.search) history.replaceState({ step: position }, '', url);
}

/** Back or Forward arrived at an entry. */
export function arrived(entry) {
  position = entry && Number.isInteger(entry.step) ? entry.step : 0;
  newest = Math.max(newest, position);
}
