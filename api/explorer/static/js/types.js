/* The vocabulary: the node and relationship types as the GraphQL schema lists them (root fields
 * nodeTypes and relationshipTypes, typed by its NodeType and RelationshipType enums, with the
 * registry's names), how each is drawn, and how a node, a kind or an area is named on screen. */

import { el, shorten } from './util.js';

/** How each node type is drawn (the schema names the types); a type not listed here gets NODE_DEFAULT. */
const NODE_LOOK = {
  Department: { color: '#1f6fc5', shape: 'round-rectangle' },
  Task: { color: '#f08c1a', shape: 'ellipse' },
  Reform: { color: '#d64541', shape: 'diamond' },
  Measure: { color: '#d9b11f', shape: 'ellipse' },
  Policy: { color: '#8e5cc2', shape: 'rectangle' },
  Indicator: { color: '#2e9e4f', shape: 'triangle' },
  Milestone: { color: '#8a8f98', shape: 'vee' },
  Place: { color: '#9a5b3c', shape: 'hexagon' },
  Area: { color: '#1aa6b7', shape: 'octagon' },
  Document: { color: '#3b3f8f', shape: 'barrel' },
  Jurisdiction: { color: '#d35fb7', shape: 'star' },
  Leader: { color: '#4a7f6a', shape: 'round-triangle' },
};
const NODE_DEFAULT = { color: '#888888', shape: 'round-tag' };

/** How each relationship type is drawn; a type not listed here gets REL_DEFAULT. */
const REL_LOOK = {
  RESPONSIBLE_FOR: { color: '#1f6fc5', style: 'solid' },
  CITES: { color: '#8e5cc2', style: 'solid' },
  TARGETS: { color: '#2e9e4f', style: 'solid' },
  HAS_MILESTONE: { color: '#8a8f98', style: 'solid' },
  IN_AREA: { color: '#1aa6b7', style: 'dotted' },
  MENTIONS: { color: '#9a5b3c', style: 'dashed' },
  GOVERNS: { color: '#9a5b3c', style: 'solid' },
  CONTAINS: { color: '#3b3f8f', style: 'dotted' },
  LISTS: { color: '#3b3f8f', style: 'dotted' },
  ABOUT: { color: '#d35fb7', style: 'dotted' },
  PART_OF: { color: '#d35fb7', style: 'dotted' },
  IN: { color: '#d35fb7', style: 'dotted' },
  OVERSEES: { color: '#4a7f6a', style: 'solid' },
};
const REL_DEFAULT = { color: '#9aa1ad', style: 'solid' };

/** An item's number is written with its kind: 任务24, 改革23, 举措1.6. */
const NUMBER_PREFIX = { Task: '任务', Reform: '改革', Measure: '举措' };

/** Values of `kind` properties, in Chinese. */
const KINDS = {
  task: '重点工作', reform: '重大改革', measure: '工作举措',
  pilot_area: '先行示范领域', reform_category: '改革类别',
  department: '部门', collective: '集体单位', town: '镇', street: '街道', township: '乡',
  village: '村', community: '社区', park: '园区', region: '区域', county: '县', district: '区', city: '市',
  national: '国家级', provincial: '省级', municipal: '市级', local: '区级',
};

/** Node types whose nodes tie everything together: left out when finding a real connection. */
export const HUBS = ['Jurisdiction', 'Area', 'Document'];

export const ROLES = { lead: '牵头 lead', support: '配合 support' };

/** Filled by setVocabulary, in the schema's order: type -> its names, description, groups or
 * ends, and how it is drawn. */
export const NODE_TYPES = {};
export const REL_TYPES = {};
/** Filled from GraphQL at start: document id -> {title, sourceName, jurisdiction}; area key -> name. */
export const documents = new Map();
export const areaNames = new Map();

/** The answer of Q.start: the types, the documents and the areas. */
export function setVocabulary(data) {
  for (const t of data.nodeTypes) {
    NODE_TYPES[t.label] = { zh: t.zh, en: t.en, description: t.description, groups: t.groups,
      ...(NODE_LOOK[t.label] || NODE_DEFAULT) };
  }
  for (const r of data.relationshipTypes) {
    REL_TYPES[r.type] = { zh: r.zh, en: r.en, description: r.description, from: r.start, to: r.end,
      ...(REL_LOOK[r.type] || REL_DEFAULT) };
  }
  for (const d of data.documents.nodes) documents.set(d.key, d);
  for (const a of data.areas.nodes) areaNames.set(a.key, a.name);
}

export function isItem(type) {
  return (NODE_TYPES[type]?.groups || []).includes('Item');
}

/** Relationship types that reach no hub (see HUBS). */
export function hubFreeRelTypes() {
  return Object.entries(REL_TYPES)
    .filter(([, r]) => ![...r.from, ...r.to].some((label) => HUBS.includes(label)))
    .map(([name]) => name);
}

export function kindName(value) {
  return KINDS[value] || value;
}

/** 城乡区域协调发展先行示范 for pilot_area:城乡区域协调发展先行示范. */
export function areaName(key) {
  if (!key) return '';
  return areaNames.get(key) || key.slice(key.indexOf(':') + 1);
}

export function documentName(id) {
  const doc = documents.get(id);
  return doc ? doc.title || doc.sourceName || id : id;
}

/** 任务24, 改革23, 举措1.6. */
export function itemNumber(n) {
  const number = n.ref || n.number;
  if (number === undefined || number === null || number === '') return '';
  return `${NUMBER_PREFIX[n.__typename] || ''}${number}`;
}

/** A node's full name, as the panel, the table and hovering show it. */
export function fullName(n) {
  if (isItem(n.__typename)) return `${itemNumber(n)} ${n.name || n.displayName || ''}`.trim();
  if (n.__typename === 'Policy') return '《' + (n.title || n.displayName || '') + '》';
  return n.displayName || n.name || n.title || n.label || n.id;
}

/** A node's short label on the canvas. */
export function nodeLabel(n) {
  const t = n.__typename;
  if (isItem(t)) return `${itemNumber(n)} ${shorten(n.name || n.displayName, 11)}`.trim();
  if (t === 'Milestone') return n.label || shorten(n.displayName, 10);
  if (t === 'Policy') return '《' + shorten(n.title || n.displayName, 12) + '》';
  return shorten(n.displayName || n.name || n.title || n.id, 12);
}

/** The document a node was read from (owned nodes) or null. */
export function documentOf(n) {
  if (n.__typename === 'Document') return n.key || n.id.slice(n.id.indexOf(':') + 1);
  return n.provenance?.document || null;
}

export function jurisdictionOf(n) {
  if (n.__typename === 'Jurisdiction') return n.displayName;
  if (n.jurisdiction) return n.jurisdiction;
  const doc = documents.get(documentOf(n));
  return doc ? doc.jurisdiction || null : null;
}

export function badge(type) {
  const t = NODE_TYPES[type] || REL_TYPES[type] || { zh: type, en: '', color: '#888' };
  return el('span', { class: 'badge', style: `background:${t.color}`, title: t.en }, `${t.zh} ${t.en}`);
}

export function swatch(t) {
  const clip = {
    ellipse: 'border-radius:50%', 'round-rectangle': 'border-radius:4px', diamond: 'transform:rotate(45deg) scale(.8)',
    triangle: 'clip-path:polygon(50% 0,100% 100%,0 100%)', vee: 'clip-path:polygon(0 0,50% 40%,100% 0,50% 100%)',
    'round-triangle': 'clip-path:polygon(50% 0,100% 100%,0 100%)',
    hexagon: 'clip-path:polygon(25% 0,75% 0,100% 50%,75% 100%,25% 100%,0 50%)',
    octagon: 'clip-path:polygon(30% 0,70% 0,100% 30%,100% 70%,70% 100%,30% 100%,0 70%,0 30%)',
    star: 'clip-path:polygon(50% 0,61% 35%,98% 35%,68% 57%,79% 91%,50% 70%,21% 91%,32% 57%,2% 35%,39% 35%)',
    barrel: 'border-radius:30%/10%',
  }[t.shape] || '';
  return el('span', { class: 'swatch', style: `background:${t.color};${clip}` });
}
