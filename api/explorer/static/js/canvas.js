/* The canvas: the steps that build a view (focus, expand, add, connect), hiding and filters,
 * each one undoable; a view is drawn by replaying its steps, so a link, Back and undo all
 * draw the same picture. After each step every relationship among the drawn nodes is read
 * in one query, so what is on screen is linked as the graph links it. */

import { GraphQLError, Q, gql } from './api.js';
import { hubFreeRelTypes } from './types.js';
import { commit, pagesOf, readURL, sameDrawing, state } from './state.js';
import { addEdges, addNodes, applyFilters, clearView, cy, declutter, fitView, layout, markClasses } from './view.js';
import { $ } from './util.js';

export const PAGE = 30; // neighbours per expansion; "show more" fetches the next PAGE

export const truncated = new Map(); // node id -> whether more neighbours are in reach
export const reach = new Map(); // node id -> how many neighbours it has in all
export const onPath = new Set(); // ids of nodes and relationships on a found connection
let busy = 0;
const listeners = [];

/** Called after every change, to redraw the legend, panel, table and stats. */
export function onChange(fn) {
  listeners.push(fn);
}

export function setBusy(delta) {
  busy += delta;
  document.body.dataset.state = busy > 0 ? 'busy' : 'ready';
}

export function say(text, kind) {
  const box = $('message');
  box.textContent = text || '';
  box.className = 'message' + (text ? ' shown' : '') + (kind === 'error' ? ' error' : '');
}

export async function guarded(fn) {
  setBusy(1);
  try {
    return await fn();
  } catch (err) {
    say(err.message || String(err), 'error');
    return undefined;
  } finally {
    setBusy(-1);
  }
}

// --- reads -------------------------------------------------------------------------------------

async function fetchPage(id, pages) {
  return (await gql(Q.neighbourhood, { id, limit: PAGE * pages })).neighbourhood;
}

async function fetchNode(id) {
  return (await gql(Q.one, { id })).node;
}

async function fetchPaths(step) {
  const types = step.hubs ? null : hubFreeRelTypes();
  return (await gql(Q.paths, { from: step.from, to: step.to, types })).paths;
}

/** What one step reads, before anything is drawn (so a replay can read all steps at once); a
 * connection's read waits for ``typed``, the vocabulary naming the hubs' relationship types. */
function read(step, pages, typed) {
  if (step.op === 'focus' || step.op === 'x') return fetchPage(step.id, pages);
  if (step.op === 'add') return fetchNode(step.id);
  return typed.then(() => fetchPaths(step));
}

/** Draws one step's answer; returns the number of new nodes. */
function place(step, answer, pages) {
  if (step.op === 'focus' || step.op === 'x') {
    if (pages === pagesOf(step.id)) {
      truncated.set(step.id, Boolean(answer.truncated));
      reach.set(step.id, answer.reach);
    }
    const added = addNodes(answer.nodes, step.id);
    addEdges(answer.edges);
    return added;
  }
  if (step.op === 'add') {
    const anchor = cy.nodes().length ? cy.nodes().last().id() : null;
    return addNodes([answer], anchor);
  }
  let added = 0;
  for (const path of answer) {
    added += addNodes(path.nodes, step.from);
    addEdges(path.edges);
    for (const n of path.nodes) onPath.add(n.id);
    for (const e of path.edges) onPath.add(e.id);
  }
  return added;
}

/** Every relationship among the drawn nodes, one query for the whole set. */
async function linkDrawn() {
  const ids = cy.nodes().map((n) => n.id());
  if (ids.length < 2) return;
  addEdges((await gql(Q.among, { ids })).relationshipsAmong);
}

/** One step drawn: its answer, the relationships among what is drawn, the layout. The first
 * step (the focus and its neighbours) needs no second read: a neighbourhood comes with every
 * relationship among its nodes. */
async function drawStep(step, answer, pages, first) {
  const added = place(step, answer, pages);
  if (!first) await linkDrawn();
  mark('linked');
  markClasses(truncated, pagesOf, onPath); // the focus and expanded nodes are larger: before the layout
  layout(first);
  mark('laid-out');
  return added;
}

/** A performance mark (explorer:<name>), for the browser tests' figures and the profiler. */
function mark(name) {
  performance.mark(`explorer:${name}`);
}

// --- the view from its steps ------------------------------------------------------------------------

/** The reads of a view's steps, all sent at once (on load, before the vocabulary is in:
 * ``typed`` resolves once it is). */
export function readSteps(s = state, typed = Promise.resolve()) {
  if (!s.focus) return null;
  const steps = [{ op: 'focus', id: s.focus }, ...s.steps];
  const seen = new Map();
  const pages = steps.map((t) => (t.op === 'focus' || t.op === 'x' ? seen.set(t.id, (seen.get(t.id) || 0) + 1).get(t.id) : 0));
  const key = JSON.stringify([s.focus, s.steps]);
  return { key, steps, pages, answers: Promise.allSettled(steps.map((t, i) => read(t, pages[i], typed))) };
}

/** Draws the view the state describes, from nothing (on load, Back/Forward, undo and redo);
 * ``reading``: its reads, when already sent for this very state; ``changed``: the view is a
 * change (a new focus, a reset), a new history entry. */
export async function rebuild(reading, changed = false) {
  clearView();
  truncated.clear();
  reach.clear();
  onPath.clear();
  if (!state.focus) {
    afterChange(changed);
    return;
  }
  // the reads go out together; the steps are then drawn in order, as they were first made
  const sent = reading && reading.key === JSON.stringify([state.focus, state.steps]) ? reading : readSteps();
  const { steps, pages } = sent;
  const results = await sent.answers;
  mark('read');
  if (results[0].status === 'rejected') throw results[0].reason;
  if (!results[0].value) throw new GraphQLError(`找不到节点 ${state.focus} (no node with this id)`);
  const kept = [];
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    const answer = results[i].value;
    // a step whose node is not drawn, or no longer exists, is dropped
    if (i > 0 && (!answer || (step.op === 'x' && cy.getElementById(step.id).empty()))) continue;
    if (i > 0) kept.push(step);
    state.steps = [...kept];
    await drawStep(step, answer, pages[i], i === 0);
  }
  state.steps = kept;
  afterChange(changed, true);
  mark('drawn');
}

/** Back or Forward (or undo, redo) arrived at a URL: draw it, replaying only when needed. */
export async function restore() {
  const saved = readURL();
  const redraw = !sameDrawing(saved, state);
  Object.assign(state, saved);
  if (redraw) await guarded(rebuild);
  else afterChange();
}

// --- changes, each one history entry --------------------------------------------------------------

export async function expand(id) {
  await guarded(async () => {
    if (cy.getElementById(id).empty()) return;
    const step = { op: 'x', id };
    state.steps.push(step);
    const added = await drawStep(step, await fetchPage(id, pagesOf(id)), pagesOf(id), false);
    afterChange(true);
    say(added ? '' : '没有新的相邻节点 (no new neighbours)');
  });
}

export async function focusOn(id) {
  await guarded(async () => {
    state.focus = id;
    state.steps = [];
    state.hidden.clear();
    state.selected = { kind: 'node', id };
    say('');
    await rebuild(null, true);
  });
}

/** Puts a node on the canvas, linked to what is drawn; on an empty canvas it becomes the focus. */
export async function add(id) {
  if (!state.focus) return focusOn(id);
  const node = cy.getElementById(id);
  if (node.nonempty()) {
    if (state.hidden.delete(id)) afterChange(true);
    select(id);
    say('已在视图中 (already in the view)');
    return undefined;
  }
  return guarded(async () => {
    const answer = await fetchNode(id);
    if (!answer) throw new GraphQLError(`找不到节点 ${id} (no node with this id)`);
    const step = { op: 'add', id };
    state.steps.push(step);
    await drawStep(step, answer, 0, false);
    state.selected = { kind: 'node', id };
    afterChange(true, true);
    const degree = cy.getElementById(id).degree();
    say(degree ? '' : '已加入视图,与已显示的节点没有直接关系 (added: not linked to what is drawn)');
  });
}

/** The shortest connections between two nodes, drawn on the canvas. */
export async function connect(from, to, hubs) {
  return guarded(async () => {
    const step = { op: 'path', from, to, hubs: Boolean(hubs) };
    if (!state.focus) state.focus = from;
    const paths = await fetchPaths(step);
    if (!paths.length) {
      say(`4 步之内没有连接${hubs ? '' : '(已排除行政区、领域、文件)'} (no connection within 4 steps)`);
      return false;
    }
    if (from !== state.focus && cy.getElementById(from).empty()) state.steps.push({ op: 'add', id: from });
    state.steps.push(step);
    if (cy.nodes().empty()) {
      await rebuild(null, true);
    } else {
      await drawStep(step, paths, 0, false);
      afterChange(true);
    }
    fitView();
    const length = paths[0].edges.length;
    say(`找到 ${paths.length} 条最短连接,每条 ${length} 步 (${paths.length} shortest connection${paths.length > 1 ? 's' : ''}, ${length} step${length > 1 ? 's' : ''})`);
    return true;
  });
}

export function hide(id) {
  if (id === state.focus) return;
  state.hidden.add(id);
  if (state.selected && state.selected.id === id) state.selected = null;
  afterChange(true);
}

export function unhide(id) {
  state.hidden.delete(id);
  afterChange(true);
}

/** A filter changed (node type, relationship type, area, document, jurisdiction). */
export function filtered() {
  afterChange(true);
}

export function reset() {
  Object.assign(state, { focus: null, steps: [], area: '', selected: null });
  state.hidden.clear();
  state.offTypes.clear();
  state.offRels.clear();
  state.docs.clear();
  state.places.clear();
  say('');
  return guarded(() => rebuild(null, true));
}

export function select(id, kind = 'node') {
  state.selected = { kind, id };
  notify();
}

/** Filters, marks and the rest of the page after the drawing changed; ``changed``: a new
 * history entry; ``fit``: fit the view to what is drawn (which places the labels too), after
 * the panel had its say. */
export function afterChange(changed, fit = false) {
  applyFilters();
  markClasses(truncated, pagesOf, onPath);
  if (!fit) declutter();
  document.body.toggleAttribute('data-empty', cy.nodes().empty());
  if (changed) commit();
  notify();
  if (fit) fitView();
}

function notify() {
  for (const fn of listeners) fn();
}
