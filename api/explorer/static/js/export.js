/* Exports that stand alone: a PNG with a title, the legend of what it shows and a caption
 * naming its sources; a JSON with each node's text, units and source, and the link. */

import { Q, gql } from './api.js';
import { NODE_TYPES, REL_TYPES, documentName } from './types.js';
import { state, toURL } from './state.js';
import { cy } from './view.js';
import { download, fileSafe } from './util.js';

const BATCH = 10; // ids per `nodes` request (POLICYKG_GRAPHQL_MAX_BATCH's default)

export function exportName(ext) {
  const focus = cy.getElementById(state.focus || '');
  const name = focus.nonempty() ? focus.data('raw').displayName || focus.data('name') : 'graph';
  return `policykg-${fileSafe(name)}.${ext}`;
}

function title() {
  const focus = cy.getElementById(state.focus || '');
  return focus.nonempty() ? `${focus.data('name')} · 政策图谱` : '政策图谱';
}

function sources(visible) {
  const docs = new Set(visible.nodes().map((n) => n.data('document')).filter(Boolean));
  return [...docs].map(documentName);
}

/** The title, the drawing, a legend of the types drawn, and the caption. */
export async function exportPNG() {
  const visible = cy.elements().not('.off');
  const image = new Image();
  image.src = cy.png({ output: 'base64uri', full: true, scale: 2, bg: '#ffffff' });
  await image.decode();
  const scale = 2;
  const types = [...new Set(visible.nodes().map((n) => n.data('type')))];
  const rels = [...new Set(visible.edges().map((e) => e.data('type')))];
  const legend = [...types.map((t) => ['node', t, NODE_TYPES[t]]), ...rels.map((r) => ['rel', r, REL_TYPES[r]])]
    .filter(([, , look]) => look);
  const width = Math.max(image.width, 900 * scale);
  const perRow = Math.max(1, Math.floor(width / (150 * scale)));
  const legendHeight = Math.ceil(legend.length / perRow) * 22 * scale + 10 * scale;
  const head = 44 * scale;
  const docs = sources(visible);
  const captionLines = [
    `来源 Source: ${docs.length ? docs.join(';') : '—'}`,
    `${visible.nodes().length} 个节点、${visible.edges().reduce((s, e) => s + e.data('count'), 0)} 条关系 · ${location.origin + toURL()}`,
    `policykg · ${new Date().toISOString().slice(0, 10)}`,
  ];
  const foot = (captionLines.length * 18 + 14) * scale;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = head + image.height + legendHeight + foot;
  const g = canvas.getContext('2d');
  const font = (px, weight = '') => `${weight} ${px * scale}px "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif`;
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.fillStyle = '#1d2330';
  g.font = font(20, 'bold');
  g.textBaseline = 'middle';
  g.fillText(title(), 16 * scale, head / 2);
  g.drawImage(image, (width - image.width) / 2, head);
  let y = head + image.height + 10 * scale;
  g.font = font(12);
  legend.forEach(([kind, , look], i) => {
    const x = 16 * scale + (i % perRow) * 150 * scale;
    const rowY = y + Math.floor(i / perRow) * 22 * scale + 8 * scale;
    g.fillStyle = look.color;
    g.strokeStyle = look.color;
    if (kind === 'node') g.fillRect(x, rowY - 6 * scale, 12 * scale, 12 * scale);
    else {
      g.lineWidth = 3 * scale;
      g.setLineDash(look.style === 'dashed' ? [6 * scale, 4 * scale] : look.style === 'dotted' ? [2 * scale, 3 * scale] : []);
      g.beginPath();
      g.moveTo(x, rowY);
      g.lineTo(x + 16 * scale, rowY);
      g.stroke();
      g.setLineDash([]);
    }
    g.fillStyle = '#1d2330';
    g.fillText(`${look.zh} ${look.en}`, x + 22 * scale, rowY);
  });
  y += legendHeight;
  g.fillStyle = '#667085';
  g.font = font(12);
  captionLines.forEach((line, i) => g.fillText(line, 16 * scale, y + (i * 18 + 9) * scale, width - 32 * scale));
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  download(exportName('png'), blob);
}

/** Each drawn node with its text, units and source (read for the export), each relationship
 * with its role and source, the link to the view. */
export async function exportJSON() {
  const visible = cy.elements().not('.off');
  const ids = visible.nodes().map((n) => n.id());
  const batches = [];
  for (let i = 0; i < ids.length; i += BATCH) batches.push(ids.slice(i, i + BATCH));
  const answers = await Promise.all(batches.map((b) => gql(Q.exported, { ids: b })));
  const details = new Map(answers.flatMap((a) => a.nodes).filter(Boolean).map((n) => [n.id, n]));
  const view = {
    title: title(),
    url: location.origin + toURL(),
    focus: state.focus,
    exported: new Date().toISOString(),
    sources: sources(visible),
    nodes: visible.nodes().map((n) => {
      const d = details.get(n.id()) || {};
      return {
        id: n.id(), type: n.data('type'), kind: NODE_TYPES[n.data('type')]?.zh || n.data('type'), name: n.data('name'),
        text: d.text ?? null, units: d.units ?? null, lead: d.lead ?? null,
        document: n.data('document') ? documentName(n.data('document')) : null,
        jurisdiction: n.data('jurisdiction') || null,
        provenance: d.provenance ?? null, data: d, position: n.position(),
      };
    }),
    edges: visible.edges().map((e) => ({
      id: e.id(), type: e.data('type'), relationship: REL_TYPES[e.data('type')]?.zh || e.data('type'),
      source: e.data('source'), target: e.data('target'), role: e.data('role') || null, count: e.data('count'),
      provenance: e.data('raw').provenance || null,
      members: e.data('members').map((m) => ({ id: m.id, provenance: m.provenance || null })),
    })),
  };
  download(exportName('json'), new Blob([JSON.stringify(view, null, 2)], { type: 'application/json' }));
}
