/* policykg explorer: search, build and read a view of the graph; every read goes to /graphql.
 *
 * Modules, one concern each: api (GraphQL), boot (the first reads), state (URL and history),
 * types (the schema's types and how each is drawn), view (the Cytoscape drawing), canvas (the
 * steps that build a view), panel, legend (and filters), search, table, export. This one wires
 * them to the page.
 */

import { setVocabulary } from './types.js';
import { arrived, historyPosition, readURL, saveURL, startHistory, state, toURL } from './state.js';
import { afterChange, expand, focusOn, guarded, hide, onChange, rebuild, reset, restore, say, select, setBusy } from './canvas.js';
import { reading, vocabulary } from './boot.js';
import { closePanel, showPanel } from './panel.js';
import { buildLegend, renderLegend } from './legend.js';
import { cancelConnection, connectingFrom, finishConnection, setupSearch } from './search.js';
import { renderTable, setupTable, tableCSV } from './table.js';
import { exportJSON, exportName, exportPNG } from './export.js';
import { createView, cy, declutter, fitView, layout } from './view.js';
import { $ } from './util.js';

/** The panel follows the selection; a selection gone from the view closes it. */
function restoreSelection() {
  cy.elements().unselect();
  const sel = state.selected;
  const element = sel ? cy.getElementById(sel.id) : null;
  if (!sel || element.empty() || element.hasClass('off')) {
    state.selected = null;
    closePanel();
    return;
  }
  element.select();
  showPanel(element);
}

function renderHistoryButtons() {
  const { position, newest } = historyPosition();
  $('undo').disabled = position === 0;
  $('redo').disabled = position >= newest;
}

function setupActions() {
  $('reset').addEventListener('click', reset);
  $('relayout').addEventListener('click', () => {
    layout(true);
    fitView();
  });
  $('undo').addEventListener('click', () => history.back());
  $('redo').addEventListener('click', () => history.forward());
  window.addEventListener('popstate', async (ev) => {
    arrived(ev.state);
    cancelConnection();
    await restore();
  });
  window.addEventListener('resize', () => {
    cy.resize();
    fitView();
  });
  $('export-png').addEventListener('click', () => guarded(exportPNG));
  $('export-json').addEventListener('click', () => guarded(exportJSON));
  $('copy-link').addEventListener('click', async () => {
    const url = location.origin + toURL();
    try {
      await navigator.clipboard.writeText(url);
      say('已复制链接 (link copied)');
    } catch (err) {
      say(url);
    }
  });
  $('toggle-filters').addEventListener('click', () => {
    const open = !document.body.hasAttribute('data-filters');
    document.body.toggleAttribute('data-filters', open);
    $('toggle-filters').setAttribute('aria-expanded', String(open));
  });
  $('panel-close').addEventListener('click', () => {
    state.selected = null;
    cy.elements().unselect();
    closePanel();
    saveURL();
  });
  cy.on('tap', 'node, edge', (ev) => {
    if (ev.target.isNode() && connectingFrom()) finishConnection(ev.target.id());
    else select(ev.target.id(), ev.target.isEdge() ? 'edge' : 'node');
  });
  cy.on('tap', (ev) => {
    if (ev.target === cy) {
      state.selected = null;
      cy.elements().unselect();
      closePanel();
      saveURL();
    }
  });
  cy.on('dbltap', 'node', (ev) => expand(ev.target.id()));
  document.addEventListener('keydown', (ev) => {
    if (ev.target instanceof HTMLInputElement) return;
    if ((ev.ctrlKey || ev.metaKey) && ev.key.toLowerCase() === 'z') {
      ev.preventDefault();
      if (ev.shiftKey) history.forward();
      else if (!$('undo').disabled) history.back();
      return;
    }
    if (!state.selected || state.selected.kind !== 'node') return;
    if (ev.key === 'Delete' || ev.key === 'Backspace') hide(state.selected.id);
    if (ev.key === 'Enter') expand(state.selected.id);
  });
}

/** The page, once the libraries are in: the vocabulary (types, documents, areas) and the view
 * the address describes, both read already (boot.js). */
async function start() {
  setBusy(1);
  try {
    setVocabulary(await vocabulary);
  } catch (err) {
    say(`类型列表无法读取 (types: ${err.message || err})`, 'error');
    setBusy(-1);
    return;
  }
  performance.mark('explorer:vocabulary');
  createView();
  buildLegend();
  setupSearch();
  setupTable(exportName);
  setupActions();
  onChange(renderLegend);
  onChange(restoreSelection);
  onChange(renderTable);
  onChange(renderHistoryButtons);
  onChange(saveURL);
  try {
    Object.assign(state, readURL());
    startHistory();
    await guarded(async () => {
      try {
        await rebuild(reading);
      } catch (err) {
        afterChange(); // the page as it is: empty, its controls in step
        throw err;
      }
    });
  } finally {
    setBusy(-1);
  }
}

// A small handle for the console (and for tests that read the canvas and the table).
window.explorer = {
  get cy() { return cy; }, state, toURL, expand, focusOn, hide, fit: fitView, declutter, tableCSV, select,
};
start();
