/* The graph view: Cytoscape, its style, adding nodes and relationships (parallel ones drawn as
 * one edge with a count), the seeded layout, fitting, filters and labels that never overlap. */

import { $, hash, seeded, withSeed } from './util.js';
import { NODE_TYPES, REL_TYPES, ROLES, areaName, documentOf, documents, fullName, jurisdictionOf, nodeLabel } from './types.js';
import { state } from './state.js';

const LABEL_SIZE = 10; // px on screen at zoom 1; labels grow in the model as the view zooms out
// The page's own fonts, a CJK one first: measuring a label in Cytoscape's default (Helvetica)
// looks each Chinese glyph up in a fallback font, 200 ms for the first view's labels
const LABEL_FONT = '"PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif';

/** The style sheet, with one rule per known type (built once the types are loaded). */
const styleSheet = () => [
  {
    selector: 'node',
    style: {
      label: 'data(label)', 'font-size': 'data(fs)', 'font-family': LABEL_FONT, 'text-valign': 'bottom', 'text-margin-y': 3,
      'text-wrap': 'none', color: '#1d2330',
      'text-background-color': '#fff', 'text-background-opacity': 0.75, 'text-background-padding': 1,
      width: 22, height: 22, 'border-width': 1, 'border-color': '#fff',
    },
  },
  ...Object.entries(NODE_TYPES).map(([type, t]) => ({
    selector: `node[type = "${type}"]`,
    style: { 'background-color': t.color, shape: t.shape },
  })),
  { selector: 'node[type = "Department"]', style: { width: 34, height: 24, 'font-weight': 'bold' } },
  { selector: 'node[type = "Milestone"]', style: { width: 14, height: 14 } },
  { selector: 'node[type = "Document"], node[type = "Jurisdiction"]', style: { width: 28, height: 28 } },
  { selector: 'node.focus', style: { width: 40, height: 40, 'border-width': 4, 'border-color': '#ffd54a', 'font-weight': 'bold' } },
  { selector: 'node.expanded', style: { 'border-width': 3, 'border-color': '#444' } },
  { selector: 'node.more', style: { 'border-style': 'double', 'border-width': 5, 'border-color': '#444' } },
  { selector: 'node.path', style: { 'underlay-color': '#ff7a00', 'underlay-opacity': 0.35, 'underlay-padding': 6 } },
  { selector: 'node.quiet', style: { 'text-opacity': 0, 'text-background-opacity': 0 } },
  {
    selector: 'node.hover',
    style: { label: 'data(name)', 'text-opacity': 1, 'text-background-opacity': 1, 'z-index': 99, 'font-weight': 'bold' },
  },
  { selector: 'node:selected', style: { 'overlay-color': '#2456a6', 'overlay-opacity': 0.18, 'overlay-padding': 6 } },
  {
    selector: 'edge',
    style: {
      width: 1.5, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'arrow-scale': 0.8,
      'line-color': '#b8bfcc', 'target-arrow-color': '#b8bfcc', opacity: 0.85,
    },
  },
  ...Object.entries(REL_TYPES).map(([type, r]) => ({
    selector: `edge[type = "${type}"]`,
    style: { 'line-color': r.color, 'target-arrow-color': r.color, 'line-style': r.style },
  })),
  { selector: 'edge[role = "lead"]', style: { width: 3 } },
  { selector: 'edge[role = "support"]', style: { 'line-style': 'dashed' } },
  {
    selector: 'edge[count > 1]',
    style: { label: 'data(countLabel)', 'font-size': 9, 'text-background-color': '#fff', 'text-background-opacity': 1,
      'text-background-padding': 1, width: 3.5 },
  },
  { selector: 'edge.path', style: { 'underlay-color': '#ff7a00', 'underlay-opacity': 0.35, 'underlay-padding': 4 } },
  {
    selector: 'edge:selected',
    style: {
      width: 4, label: 'data(label)', 'font-size': 10, 'text-rotation': 'autorotate',
      'text-background-color': '#fff', 'text-background-opacity': 1, 'overlay-opacity': 0.15,
    },
  },
  { selector: '.off', style: { display: 'none' } },
];

export let cy = null;

export function createView() {
  cytoscape.use(cytoscapeFcose);
  cy = cytoscape({
    container: $('cy'),
    style: styleSheet(),
    minZoom: 0.1,
    maxZoom: 4,
    selectionType: 'single',
    boxSelectionEnabled: false,
  });
  let timer = null;
  cy.on('zoom', () => {
    clearTimeout(timer);
    timer = setTimeout(declutter, 60);
  });
  cy.on('mouseover', 'node', (ev) => ev.target.addClass('hover'));
  cy.on('mouseout', 'node', (ev) => ev.target.removeClass('hover'));
  return cy;
}

function nodeData(n) {
  return {
    id: n.id,
    type: n.__typename,
    label: nodeLabel(n),
    name: fullName(n),
    area: n.areaKey || '',
    areaName: areaName(n.areaKey),
    document: documentOf(n) || '',
    jurisdiction: jurisdictionOf(n) || '',
    fs: LABEL_SIZE,
    raw: n,
  };
}

// every relationship id drawn -> the drawn edge standing for it (parallel ones share one)
const drawnAs = new Map();

function edgeKey(e) {
  return [e.start, e.end, e.type, (e.properties && e.properties.role) || ''].join('\u0001');
}

function edgeLabel(type, role) {
  const rel = REL_TYPES[type] || { zh: type };
  return ROLES[role] ? `${rel.zh}(${ROLES[role].split(' ')[0]})` : rel.zh;
}

/** Adds nodes not drawn yet, around ``anchorId``; returns how many were new. */
export function addNodes(nodes, anchorId) {
  const anchor = cy.getElementById(anchorId || '');
  const origin = anchor.nonempty() ? anchor.position() : { x: 0, y: 0 };
  const random = seeded(hash(anchorId || '') + cy.nodes().length);
  const added = [];
  for (const n of nodes) {
    if (cy.getElementById(n.id).nonempty() || added.some((a) => a.data.id === n.id)) continue;
    const angle = random() * 2 * Math.PI;
    const r = 60 + random() * 80;
    added.push({ group: 'nodes', data: nodeData(n),
      position: { x: origin.x + r * Math.cos(angle), y: origin.y + r * Math.sin(angle) } });
  }
  cy.add(added);
  return added.length;
}

/** Adds relationships whose both ends are drawn; a relationship parallel to a drawn one (same
 * ends, type and role) is counted on it. */
export function addEdges(edges) {
  const byKey = new Map(cy.edges().map((e) => [e.data('key'), e]));
  const fresh = [];
  for (const e of edges) {
    if (drawnAs.has(e.id)) continue;
    if (cy.getElementById(e.start).empty() || cy.getElementById(e.end).empty()) continue;
    const key = edgeKey(e);
    const existing = byKey.get(key);
    if (existing) {
      const members = [...existing.data('members'), e];
      existing.data({ members, count: members.length, countLabel: `×${members.length}` });
      drawnAs.set(e.id, existing.id());
      continue;
    }
    const role = (e.properties && e.properties.role) || '';
    const data = { id: e.id, source: e.start, target: e.end, type: e.type, role, key, label: edgeLabel(e.type, role),
      count: 1, countLabel: '', members: [e], raw: e };
    const added = cy.add({ group: 'edges', data });
    byKey.set(key, added);
    drawnAs.set(e.id, e.id);
    fresh.push(added);
  }
  return fresh.length;
}

export function clearView() {
  cy.elements().remove();
  drawnAs.clear();
}

/** Lays out every drawn element, hidden or not, so positions depend only on the focus and
 * the steps (what the URL keeps), not on when filters were changed. */
export function layout(randomize) {
  if (cy.elements().empty()) return;
  // fcose skips elements that are not displayed: show them for the (synchronous) run
  const off = cy.elements('.off').removeClass('off');
  withSeed(hash(state.focus || '') + cy.elements().length, () => {
    cy.layout({
      name: 'fcose',
      quality: 'default',
      randomize,
      animate: false,
      fit: false,
      nodeRepulsion: () => 20000,
      idealEdgeLength: () => 130,
      nodeSeparation: 120,
      packComponents: true,
      numIter: 2500,
    }).run();
  });
  off.addClass('off');
}

/** The part of the canvas the side panel leaves free (the panel covers the right, or the
 * bottom on a narrow screen). */
function freeArea() {
  const panel = $('panel');
  let width = cy.width();
  let height = cy.height();
  if (!panel.hidden && panel.offsetWidth) {
    const stage = cy.container().getBoundingClientRect();
    const box = panel.getBoundingClientRect();
    if (box.width < stage.width * 0.9) width = Math.max(120, box.left - stage.left);
    else height = Math.max(120, box.top - stage.top);
  }
  return { width, height };
}

/** Fits the visible graph into the free part of the canvas. */
export function fitView() {
  const visible = cy.elements().not('.off');
  if (visible.empty()) return;
  const box = visible.boundingBox({ includeLabels: false });
  const pad = 40;
  const { width, height } = freeArea();
  // a handful of nodes would otherwise be blown up to fill the screen
  const zoom = Math.max(cy.minZoom(), Math.min(1.2, (width - 2 * pad) / (box.w || 1), (height - 2 * pad) / (box.h || 1)));
  cy.viewport({
    zoom,
    pan: { x: width / 2 - zoom * (box.x1 + box.w / 2), y: height / 2 - zoom * (box.y1 + box.h / 2) },
  });
  declutter();
}

/** The documents the view is restricted to: those chosen, of the jurisdictions chosen; null
 * when neither filter is set. */
function keptDocuments() {
  if (!state.docs.size && !state.places.size) return null;
  const kept = new Set();
  for (const [id, d] of documents) {
    if ((!state.docs.size || state.docs.has(id)) && (!state.places.size || state.places.has(d.jurisdiction))) kept.add(id);
  }
  return kept;
}

/** The nodes outside the kept documents: a node read from a document (an item, indicator,
 * milestone, the document itself) when its document is not kept; a jurisdiction no kept
 * document is about; a shared node (department, policy, place, area, leader) that no drawn
 * node of a kept document links (区发改局 stays for the 2024 plan while a 2024 item it leads
 * is drawn, not because a 2025 one is). */
function outsideDocuments(kept) {
  const places = new Set([...kept].map((id) => documents.get(id)?.jurisdiction).filter(Boolean));
  const inside = (n) => kept.has(n.data('document'));
  const outside = new Set();
  for (const n of cy.nodes()) {
    if (n.data('document')) {
      if (!inside(n)) outside.add(n.id());
    } else if (n.data('type') === 'Jurisdiction') {
      if (!places.has(n.data('jurisdiction'))) outside.add(n.id());
    } else if (!n.neighborhood('node').some(inside)) {
      outside.add(n.id());
    }
  }
  return outside;
}

/** Hidden nodes and filters; what stays is what the view's anchors (its focus, the nodes added
 * and the ends of found connections) still reach. */
export function applyFilters() {
  const anchors = new Set([state.focus]);
  for (const s of state.steps) {
    if (s.op === 'add') anchors.add(s.id);
    if (s.op === 'path') { anchors.add(s.from); anchors.add(s.to); }
  }
  const kept = keptDocuments();
  const outside = kept ? outsideDocuments(kept) : new Set();
  cy.batch(() => {
    cy.elements().removeClass('off');
    for (const n of cy.nodes()) {
      const id = n.id();
      if (id === state.focus) continue;
      const area = n.data('area');
      if (state.hidden.has(id) || state.offTypes.has(n.data('type')) || (state.area && area && area !== state.area)
          || outside.has(id)) {
        n.addClass('off');
      }
    }
    for (const e of cy.edges()) {
      if (state.offRels.has(e.data('type')) || e.source().hasClass('off') || e.target().hasClass('off')) e.addClass('off');
    }
    const roots = cy.nodes().filter((n) => anchors.has(n.id()) && !n.hasClass('off'));
    if (roots.nonempty()) {
      const reached = cy.elements().not('.off').bfs({ roots, directed: false }).path;
      cy.nodes().not('.off').difference(reached.nodes()).addClass('off');
      cy.edges().not('.off').filter((e) => e.source().hasClass('off') || e.target().hasClass('off')).addClass('off');
    }
  });
}

/** Shows the labels that fit: most important first (focus, selection, connections,
 * departments, the busiest), each only where it overlaps none already shown. Labels are
 * LABEL_SIZE px on screen or more, so zooming in makes room for more of them. */
export function declutter() {
  const zoom = cy.zoom();
  const size = Math.max(LABEL_SIZE, LABEL_SIZE / zoom);
  const nodes = cy.nodes().not('.off');
  const rank = (n) => (n.hasClass('focus') ? 0 : n.selected() ? 1 : n.hasClass('path') ? 2
    : n.data('type') === 'Department' ? 3 : 4);
  const order = nodes.toArray().sort((a, b) => rank(a) - rank(b) || b.degree() - a.degree() || (a.id() < b.id() ? -1 : 1));
  cy.batch(() => {
    for (const n of nodes) if (n.data("fs") !== size) n.data("fs", size);
  });
  const shown = [];
  const quiet = [];
  for (const n of order) {
    const box = n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false });
    if (!box.w) continue;
    if (shown.some((b) => b.x1 < box.x2 && box.x1 < b.x2 && b.y1 < box.y2 && box.y1 < b.y2)) quiet.push(n);
    else shown.push(box);
  }
  cy.batch(() => {
    nodes.removeClass('quiet');
    for (const n of quiet) n.addClass('quiet');
  });
}

export function markClasses(truncated, pagesOf, onPath) {
  cy.batch(() => {
    cy.elements().removeClass('focus expanded more path');
    for (const n of cy.nodes()) {
      const id = n.id();
      if (id === state.focus) n.addClass('focus');
      else if (pagesOf(id) > 0) n.addClass('expanded');
      if (truncated.get(id)) n.addClass('more');
      if (onPath.has(id)) n.addClass('path');
    }
    for (const e of cy.edges()) if (e.data('members').some((m) => onPath.has(m.id))) e.addClass('path');
  });
}
