/* policykg explorer: search, draw and follow the graph; every read goes to /graphql.
 *
 * The view is a replay of a short history kept in the URL: the focused node, then each
 * expansion in order ("show more" repeats a node's id), plus hidden nodes, filters and the
 * selection. Layouts use a seeded random source, so the same URL draws the same picture.
 */
(function () {
  'use strict';

  // --- vocabulary ------------------------------------------------------------------------

  /** How each node type is drawn; a type not listed here gets NODE_DEFAULT. */
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
  };
  const REL_DEFAULT = { color: '#9aa1ad', style: 'solid' };

  /** Node and relationship types (Chinese and English names, look), in the registry's order:
   * filled by loadTypes from /explore/types.json before anything is drawn. */
  const NODE_TYPES = {};
  const REL_TYPES = {};

  async function loadTypes() {
    const response = await fetch('/explore/types.json');
    if (!response.ok) throw new Error(`类型列表无法读取 (types: HTTP ${response.status})`);
    const data = await response.json();
    for (const t of data.nodeTypes) {
      NODE_TYPES[t.name] = {
        zh: t.zh, en: t.en, description: t.description, groups: t.groups, ...(NODE_LOOK[t.name] || NODE_DEFAULT),
      };
    }
    for (const r of data.relationshipTypes) {
      REL_TYPES[r.name] = { zh: r.zh, en: r.en, description: r.description, ...(REL_LOOK[r.name] || REL_DEFAULT) };
    }
  }

  const ROLES = { lead: '牵头 lead', support: '配合 support' };

  /** Property names shown in the side panel. */
  const PROP_LABELS = {
    name: '名称', title: '标题', fullName: '全称', kind: '类型', jurisdiction: '行政区', aliases: '别名',
    number: '序号', ref: '编号', text: '全文', lead: '牵头单位', units: '责任单位', year: '年度',
    titles: '标题写法', level: '层级', issuer: '发文机关', docNumber: '文号', normalized: '规范标题',
    comparator: '比较', value: '数值', unit: '单位', qualifier: '限定', parsed: '已解析',
    itemKind: '事项类型', label: '时间', startMonth: '起始月', endMonth: '截止月', order: '顺序', shortName: '简称', parent: '上级',
    indexNo: '索引号', publisher: '发布机构', publishDate: '发文日期', issueDate: '成文日期', sourceName: '来源文件',
    sourceFormat: '格式', notice: '印发通知', areaKey: '领域', ownerKey: '所属事项', key: '主键',
    written: '原文写法', stated_count: '标明数量', row_count: '实际行数', labels: '标签',
    numberText: '编号原文', sectionPath: '所在章节', kindText: '事项类型原文', layout: '版式', code: '区划代码',
    province: '省份',
  };

  /** Where in a plan a fact was read: the annex table's columns, or the body's measures. */
  const CELLS = {
    name: '名称栏', target: '目标体系', work: '工作体系', policy: '政策体系', evaluation: '评价体系',
    schedule: '进度安排', measure: '工作举措',
  };

  const PAGE = 30; // neighbours per expansion; "show more" fetches the next PAGE

  // --- GraphQL ---------------------------------------------------------------------------

  const FIELDS = `
    __typename id displayName
    ... on Item { ref number name areaKey }
    ... on Indicator { name areaKey }
    ... on Milestone { label }
    ... on Policy { title }
  `;

  const DETAILS = `
    __typename id key displayName
    ... on Department { name fullName kind jurisdiction aliases }
    ... on Item { ref number numberText sectionPath kindText name text itemKind: kind lead units year jurisdiction
      areaKey provenance { document section row cell lineStart lineEnd sourceText } }
    ... on Policy { title titles level kind issuer docNumber jurisdiction }
    ... on Indicator { name text comparator value unit qualifier parsed areaKey ownerKey
      provenance { document section row cell lineStart lineEnd sourceText } }
    ... on Milestone { label startMonth endMonth text order
      provenance { document section row cell lineStart lineEnd sourceText } }
    ... on Place { name kind jurisdiction }
    ... on Area { name kind order }
    ... on Document { title jurisdiction year indexNo docNumber layout publisher publishDate issuer issueDate
      sourceName }
    ... on Jurisdiction { name fullName shortName level parent province code }
  `;

  const PROVENANCE = 'provenance { document section row cell lineStart lineEnd sourceText }';

  const Q = {
    suggest: `query Suggest($text: String!, $first: Int!) {
      search(text: $text, first: $first) { nodes { score text node { ${FIELDS} } } }
    }`,
    neighbourhood: `query Neighbourhood($id: ID!, $limit: Int!) {
      neighbourhood(id: $id, depth: 1, limit: $limit) {
        truncated reach
        nodes { ${FIELDS} }
        edges { id type start end properties ${PROVENANCE} }
      }
    }`,
    node: `query Node($id: ID!) { node(id: $id) { ${DETAILS} } }`,
    reference: `query Reference {
      documents(first: 100) { nodes { key title sourceName } }
      areas(first: 100) { nodes { key name } }
    }`,
  };

  class GraphQLError extends Error {}

  async function gql(query, variables) {
    let response;
    try {
      response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
    } catch (err) {
      throw new GraphQLError('无法连接服务器 (the API did not answer): ' + err.message);
    }
    let payload;
    try {
      payload = await response.json();
    } catch (err) {
      throw new GraphQLError(`服务器返回 ${response.status} (not JSON)`);
    }
    if (payload.errors && payload.errors.length) {
      throw new GraphQLError(payload.errors.map((e) => e.message).join('; '));
    }
    if (!response.ok) throw new GraphQLError(payload.error || `HTTP ${response.status}`);
    return payload.data;
  }

  // --- small helpers ----------------------------------------------------------------------

  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === 'class') node.className = value;
      else if (name === 'style') node.style.cssText = value;
      else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : value);
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false || child === '') continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function typeOf(id) {
    return id.slice(0, id.indexOf(':'));
  }

  function shorten(text, n) {
    if (!text) return '';
    const chars = Array.from(text);
    return chars.length > n ? chars.slice(0, n - 1).join('') + '…' : text;
  }

  function nodeLabel(n) {
    const t = n.__typename;
    if ((NODE_TYPES[t]?.groups || []).includes('Item')) {
      return `${n.ref || n.number || ''} ${shorten(n.name || n.displayName, 11)}`.trim();
    }
    if (t === 'Milestone') return n.label || shorten(n.displayName, 10);
    if (t === 'Policy') return '《' + shorten(n.title || n.displayName, 12) + '》';
    return shorten(n.displayName || n.name || n.title || n.id, 12);
  }

  /** mulberry32: a small seeded random source for repeatable layouts. */
  function seeded(seed) {
    let a = seed >>> 0;
    return function () {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function hash(text) {
    let h = 2166136261;
    for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0), 16777619);
    return h >>> 0;
  }

  function withSeed(seed, fn) {
    const original = Math.random;
    Math.random = seeded(seed);
    try {
      return fn();
    } finally {
      Math.random = original;
    }
  }

  // --- state -----------------------------------------------------------------------------

  const state = {
    focus: null, // node id
    expansions: [], // node ids in order; a repeated id is one more page of that node
    hidden: new Set(),
    offTypes: new Set(),
    offRels: new Set(),
    area: '',
    selected: null, // {kind: 'node'|'edge', id}
  };
  const truncated = new Map(); // node id -> whether more neighbours are in reach
  const reach = new Map(); // node id -> how many neighbours it has in all
  const documents = new Map(); // document id -> {title, sourceName}
  let busy = 0;

  function pagesOf(id) {
    let n = id === state.focus ? 1 : 0;
    for (const x of state.expansions) if (x === id) n += 1;
    return n;
  }

  function toURL() {
    const params = new URLSearchParams();
    if (state.focus) params.set('focus', state.focus);
    for (const id of state.expansions) params.append('x', id);
    for (const id of state.hidden) params.append('hide', id);
    for (const t of state.offTypes) params.append('off', t);
    for (const r of state.offRels) params.append('offrel', r);
    if (state.area) params.set('area', state.area);
    if (state.selected) params.set(state.selected.kind === 'edge' ? 'edge' : 'sel', state.selected.id);
    const query = params.toString();
    return location.pathname + (query ? '?' + query : '');
  }

  function saveURL() {
    const url = toURL();
    if (url !== location.pathname + location.search) history.replaceState(null, '', url);
  }

  function readURL() {
    const params = new URLSearchParams(location.search);
    return {
      focus: params.get('focus'),
      expansions: params.getAll('x'),
      hidden: params.getAll('hide'),
      offTypes: params.getAll('off').filter((t) => t in NODE_TYPES),
      offRels: params.getAll('offrel').filter((r) => r in REL_TYPES),
      area: params.get('area') || '',
      selected: params.get('edge')
        ? { kind: 'edge', id: params.get('edge') }
        : params.get('sel') ? { kind: 'node', id: params.get('sel') } : null,
    };
  }

  // --- status ----------------------------------------------------------------------------

  function setBusy(delta) {
    busy += delta;
    document.body.dataset.state = busy > 0 ? 'busy' : 'ready';
  }

  function say(text, kind) {
    const box = $('message');
    box.textContent = text || '';
    box.className = 'message' + (text ? ' shown' : '') + (kind === 'error' ? ' error' : '');
  }

  async function guarded(fn) {
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

  // --- the graph -------------------------------------------------------------------------

  cytoscape.use(cytoscapeFcose);

  /** The style sheet, with one rule per known type (so it is built once the types are loaded). */
  const styleSheet = () => [
    {
      selector: 'node',
      style: {
        label: 'data(label)', 'font-size': 10, 'text-valign': 'bottom', 'text-margin-y': 3,
        'text-wrap': 'ellipsis', 'text-max-width': 120, color: '#1d2330',
        'text-background-color': '#fff', 'text-background-opacity': 0.75, 'text-background-padding': 1,
        width: 22, height: 22, 'border-width': 1, 'border-color': '#fff',
      },
    },
    ...Object.entries(NODE_TYPES).map(([type, t]) => ({
      selector: `node[type = "${type}"]`,
      style: { 'background-color': t.color, shape: t.shape },
    })),
    { selector: 'node[type = "Department"]', style: { width: 34, height: 24, 'font-size': 11, 'font-weight': 'bold' } },
    { selector: 'node[type = "Milestone"]', style: { width: 14, height: 14, 'font-size': 8 } },
    { selector: 'node[type = "Document"], node[type = "Jurisdiction"]', style: { width: 28, height: 28 } },
    { selector: 'node.focus', style: { width: 40, height: 40, 'border-width': 4, 'border-color': '#ffd54a', 'font-size': 13, 'font-weight': 'bold' } },
    { selector: 'node.expanded', style: { 'border-width': 3, 'border-color': '#444' } },
    { selector: 'node.more', style: { 'border-style': 'double', 'border-width': 5, 'border-color': '#444' } },
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
      selector: 'edge:selected',
      style: {
        width: 4, label: 'data(label)', 'font-size': 10, 'text-rotation': 'autorotate',
        'text-background-color': '#fff', 'text-background-opacity': 1, 'overlay-opacity': 0.15,
      },
    },
    { selector: '.off', style: { display: 'none' } },
  ];

  const cy = cytoscape({
    container: $('cy'),
    style: styleSheet(),
    minZoom: 0.1,
    maxZoom: 4,
    selectionType: 'single',
    boxSelectionEnabled: false,
  });

  function nodeData(n) {
    return {
      id: n.id,
      type: n.__typename,
      label: nodeLabel(n),
      name: n.displayName || n.name || n.title || n.id,
      area: n.areaKey || '',
      raw: n,
    };
  }

  function edgeData(e) {
    const rel = REL_TYPES[e.type] || { zh: e.type };
    const role = (e.properties && e.properties.role) || '';
    const label = ROLES[role] ? `${rel.zh}(${ROLES[role].split(' ')[0]})` : rel.zh;
    return { id: e.id, source: e.start, target: e.end, type: e.type, role, label, raw: e };
  }

  /** Adds what is new in a neighbourhood; new nodes start around the node that was expanded. */
  function addSubgraph(sub, anchorId) {
    const anchor = cy.getElementById(anchorId);
    const origin = anchor.nonempty() ? anchor.position() : { x: 0, y: 0 };
    const random = seeded(hash(anchorId) + cy.nodes().length);
    const added = [];
    for (const n of sub.nodes) {
      if (cy.getElementById(n.id).nonempty()) continue;
      const angle = random() * 2 * Math.PI;
      const r = 60 + random() * 80;
      added.push({
        group: 'nodes',
        data: nodeData(n),
        position: { x: origin.x + r * Math.cos(angle), y: origin.y + r * Math.sin(angle) },
      });
    }
    cy.add(added);
    const edges = [];
    for (const e of sub.edges) {
      if (cy.getElementById(e.id).nonempty()) continue;
      if (cy.getElementById(e.start).empty() || cy.getElementById(e.end).empty()) continue;
      edges.push({ group: 'edges', data: edgeData(e) });
    }
    cy.add(edges);
    return added.length;
  }

  /** Lays out every drawn element, hidden or not, so positions depend only on the focus and
   * the expansions (what the URL keeps), not on when filters were changed. */
  function layout(randomize) {
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
    fitView();
  }

  /** Fits the visible graph into the canvas left of the side panel (when one is open). */
  function fitView() {
    const visible = cy.elements().not('.off');
    if (visible.empty()) return;
    const box = visible.boundingBox();
    const pad = 40;
    const width = cy.width() - (state.selected ? $('panel').offsetWidth || 380 : 0);
    // a handful of nodes would otherwise be blown up to fill the screen
    const zoom = Math.max(cy.minZoom(), Math.min(1.2, (width - 2 * pad) / (box.w || 1), (cy.height() - 2 * pad) / (box.h || 1)));
    cy.viewport({
      zoom,
      pan: { x: width / 2 - zoom * (box.x1 + box.w / 2), y: cy.height() / 2 - zoom * (box.y1 + box.h / 2) },
    });
  }

  /** Draws one neighbourhood: new nodes, their look, then the layout. */
  function draw(sub, anchorId, randomize) {
    const added = addSubgraph(sub, anchorId);
    applyFilters();
    markClasses();
    layout(randomize);
    return added;
  }

  /** The first ``pages`` pages of a node's neighbours (null when no node has the id). */
  async function fetchPage(id, pages) {
    return (await gql(Q.neighbourhood, { id, limit: PAGE * pages })).neighbourhood;
  }

  async function fetchNeighbourhood(id, pages) {
    const sub = await fetchPage(id, pages);
    if (!sub) throw new GraphQLError(`找不到节点 ${id} (no node with this id)`);
    truncated.set(id, Boolean(sub.truncated));
    reach.set(id, sub.reach);
    return sub;
  }

  function markClasses() {
    cy.nodes().removeClass('focus expanded more');
    for (const n of cy.nodes()) {
      const id = n.id();
      if (id === state.focus) n.addClass('focus');
      else if (pagesOf(id) > 0) n.addClass('expanded');
      if (truncated.get(id)) n.addClass('more');
    }
  }

  /** Draws the view the state describes, from nothing (used on load, reset and restore). */
  async function rebuild() {
    cy.elements().remove();
    truncated.clear();
    reach.clear();
    if (!state.focus) {
      afterChange();
      return;
    }
    // Replay the expansions in order, as they were first made; the reads go out together.
    const wanted = state.expansions;
    const seen = new Map([[state.focus, 1]]);
    const requests = [[state.focus, 1], ...wanted.map((id) => [id, seen.set(id, (seen.get(id) || 0) + 1).get(id)])];
    const results = await Promise.allSettled(requests.map(([id, pages]) => fetchPage(id, pages)));
    if (results[0].status === 'rejected') throw results[0].reason;
    if (!results[0].value) throw new GraphQLError(`找不到节点 ${state.focus} (no node with this id)`);
    state.expansions = [];
    results.forEach((result, i) => {
      const [id, pages] = requests[i];
      const sub = result.value;
      // an expansion whose node is not drawn, or no longer exists, is dropped
      if (i > 0 && (!sub || cy.getElementById(id).empty())) return;
      if (i > 0) state.expansions.push(id);
      if (pages === pagesOf(id)) {
        truncated.set(id, Boolean(sub.truncated));
        reach.set(id, sub.reach);
      }
      draw(sub, id, i === 0);
    });
    afterChange();
    fitView();
  }

  async function expand(id) {
    await guarded(async () => {
      if (cy.getElementById(id).empty()) return;
      state.expansions.push(id);
      const added = draw(await fetchNeighbourhood(id, pagesOf(id)), id, false);
      afterChange();
      say(added ? '' : '没有新的相邻节点 (no new neighbours)');
    });
  }

  async function focusOn(id) {
    await guarded(async () => {
      state.focus = id;
      state.expansions = [];
      state.hidden.clear();
      state.selected = { kind: 'node', id };
      say('');
      await rebuild();
    });
  }

  function hide(id) {
    if (id === state.focus) return;
    state.hidden.add(id);
    if (state.selected && state.selected.id === id) state.selected = null;
    afterChange();
  }

  function unhide(id) {
    state.hidden.delete(id);
    afterChange();
  }

  /** Applies hidden nodes and filters: what stays is what the focus still reaches. */
  function applyFilters() {
    cy.batch(() => {
      cy.elements().removeClass('off');
      for (const n of cy.nodes()) {
        const id = n.id();
        if (id === state.focus) continue;
        const area = n.data('area');
        if (state.hidden.has(id) || state.offTypes.has(n.data('type')) || (state.area && area && area !== state.area)) {
          n.addClass('off');
        }
      }
      for (const e of cy.edges()) {
        if (state.offRels.has(e.data('type')) || e.source().hasClass('off') || e.target().hasClass('off')) {
          e.addClass('off');
        }
      }
      const root = cy.getElementById(state.focus);
      if (root.nonempty()) {
        const reached = cy.elements().not('.off').bfs({ roots: root, directed: false }).path;
        cy.nodes().not('.off').difference(reached.nodes()).addClass('off');
        cy.edges().not('.off').filter((e) => e.source().hasClass('off') || e.target().hasClass('off')).addClass('off');
      }
    });
  }

  function afterChange() {
    applyFilters();
    markClasses();
    document.body.toggleAttribute('data-empty', cy.nodes().empty());
    renderCounts();
    renderHidden();
    renderAreas();
    restoreSelection();
    renderStats();
    saveURL();
  }

  // --- selection and the side panel --------------------------------------------------------

  function restoreSelection() {
    cy.elements().unselect();
    const sel = state.selected;
    if (!sel) {
      closePanel();
      return;
    }
    const element = cy.getElementById(sel.id);
    if (element.empty() || element.hasClass('off')) {
      state.selected = null;
      closePanel();
      return;
    }
    element.select();
    showPanel(element);
  }

  function select(element) {
    state.selected = { kind: element.isEdge() ? 'edge' : 'node', id: element.id() };
    cy.elements().unselect();
    element.select();
    showPanel(element);
    saveURL();
  }

  function fill(parent, ...children) {
    parent.replaceChildren(...children.filter((c) => c !== null && c !== undefined && c !== false));
  }

  function closePanel() {
    $('panel').hidden = true;
    $('panel-body').replaceChildren();
  }

  function badge(type) {
    const t = NODE_TYPES[type] || REL_TYPES[type] || { zh: type, en: '', color: '#888' };
    return el('span', { class: 'badge', style: `background:${t.color}`, title: t.en }, `${t.zh} ${t.en}`);
  }

  function propsTable(entries) {
    const rows = entries
      .filter(([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && !v.length))
      .map(([k, v]) => el('tr', {}, el('th', { scope: 'row', title: k }, PROP_LABELS[k] || k),
        el('td', { 'data-prop': k }, Array.isArray(v) ? v.join('、') : String(v))));
    return rows.length ? el('table', { class: 'props' }, el('tbody', {}, rows)) : null;
  }

  function documentName(id) {
    const doc = documents.get(id);
    return doc ? doc.title || doc.sourceName || id : id;
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

  function linkTo(element, text) {
    return el('a', { href: '#', onclick: (ev) => { ev.preventDefault(); select(element); } }, text);
  }

  function relationsList(node) {
    const items = node.connectedEdges().not('.off').map((e) => {
      const outgoing = e.source().id() === node.id();
      const other = outgoing ? e.target() : e.source();
      return el('li', { 'data-edge': e.id() },
        el('span', { class: 'rel' }, outgoing ? '→ ' : '← '),
        linkTo(e, e.data('label')), ' ',
        linkTo(other, other.data('name')));
    });
    if (!items.length) return null;
    return el('section', {}, el('h3', {}, `关系 `, el('small', {}, `Relationships (${items.length})`)),
      el('ul', { class: 'links relations' }, items));
  }

  async function showPanel(element) {
    const body = $('panel-body');
    $('panel').hidden = false;
    if (element.isEdge()) {
      const e = element.data('raw');
      const role = element.data('role');
      const rel = REL_TYPES[e.type] || { zh: e.type, en: '' };
      const provenanceKeys = new Set(['document', 'section', 'row', 'cell', 'line_start', 'line_end', 'source_text', 'role']);
      const extra = Object.entries(e.properties || {}).filter(([k]) => !provenanceKeys.has(k));
      fill(body, 
        el('p', {}, badge(e.type)),
        el('h2', {}, `${element.source().data('name')} → ${element.target().data('name')}`),
        role ? el('p', {}, '角色 Role: ', el('span', { class: `role ${role}`, 'data-role': role }, ROLES[role] || role)) : null,
        el('ul', { class: 'links' },
          el('li', {}, '起点 From: ', linkTo(element.source(), element.source().data('name'))),
          el('li', {}, '终点 To: ', linkTo(element.target(), element.target().data('name')))),
        el('p', { class: 'where' }, `${rel.zh} ${rel.en ? '(' + rel.en + ', ' + e.type + ')' : ''}`),
        propsTable(extra),
        sourceBlock(e.provenance) || el('p', { class: 'where' }, '此关系没有原文出处 (no source text on this relationship)'),
      );
      return;
    }
    const id = element.id();
    const type = element.data('type');
    const buttons = el('div', { class: 'buttons' },
      el('button', { type: 'button', id: 'btn-expand', onclick: () => expand(id), disabled: pagesOf(id) > 0 },
        '展开 Expand'),
      truncated.get(id)
        ? el('button', { type: 'button', id: 'btn-more', onclick: () => expand(id) },
          `显示更多 Show more (${Math.min(PAGE * pagesOf(id), reach.get(id))} / ${reach.get(id)})`)
        : null,
      id !== state.focus ? el('button', { type: 'button', id: 'btn-focus', onclick: () => focusOn(id) }, '设为中心 Focus') : null,
      id !== state.focus ? el('button', { type: 'button', id: 'btn-hide', onclick: () => hide(id) }, '隐藏 Hide') : null);
    fill(body, 
      el('p', {}, badge(type)),
      el('h2', {}, element.data('name')),
      buttons,
      el('p', { class: 'where' }, '加载中… loading'),
    );
    let details;
    try {
      details = (await gql(Q.node, { id })).node;
    } catch (err) {
      body.lastChild.textContent = err.message;
      return;
    }
    if (!state.selected || state.selected.id !== id) return; // another selection came first
    if (!details) {
      body.lastChild.textContent = '找不到此节点 (not found)';
      return;
    }
    const skip = new Set(['__typename', 'id', 'displayName', 'provenance']);
    const entries = Object.entries(details).filter(([k]) => !skip.has(k));
    fill(body, 
      el('p', {}, badge(type)),
      el('h2', {}, details.displayName || element.data('name')),
      buttons,
      propsTable(entries),
      sourceBlock(details.provenance),
      relationsList(element),
    );
  }

  // --- legend, filters, hidden list, stats --------------------------------------------------

  function swatch(t) {
    const clip = {
      ellipse: 'border-radius:50%', 'round-rectangle': 'border-radius:4px', diamond: 'transform:rotate(45deg) scale(.8)',
      triangle: 'clip-path:polygon(50% 0,100% 100%,0 100%)', vee: 'clip-path:polygon(0 0,50% 40%,100% 0,50% 100%)',
      hexagon: 'clip-path:polygon(25% 0,75% 0,100% 50%,75% 100%,25% 100%,0 50%)',
      octagon: 'clip-path:polygon(30% 0,70% 0,100% 30%,100% 70%,70% 100%,30% 100%,0 70%,0 30%)',
      star: 'clip-path:polygon(50% 0,61% 35%,98% 35%,68% 57%,79% 91%,50% 70%,21% 91%,32% 57%,2% 35%,39% 35%)',
      barrel: 'border-radius:30%/10%',
    }[t.shape] || '';
    return el('span', { class: 'swatch', style: `background:${t.color};${clip}` });
  }

  function buildLegend() {
    $('node-types').replaceChildren(...Object.entries(NODE_TYPES).map(([type, t]) => el('li', {},
      el('label', { title: t.en },
        el('input', { type: 'checkbox', 'data-type': type, checked: true,
          onchange: (ev) => { toggle(state.offTypes, type, !ev.target.checked); } }),
        swatch(t), `${t.zh}`, el('small', {}, t.en)),
      el('span', { class: 'count', 'data-count': type }))));
    $('rel-types').replaceChildren(...Object.entries(REL_TYPES).map(([type, r]) => el('li', {},
      el('label', { title: `${type}: ${r.en}` },
        el('input', { type: 'checkbox', 'data-rel': type, checked: true,
          onchange: (ev) => { toggle(state.offRels, type, !ev.target.checked); } }),
        el('span', { class: 'swatch line', style: `border-top-color:${r.color};border-top-style:${r.style}` }),
        r.zh, el('small', {}, r.en)),
      el('span', { class: 'count', 'data-count': type }))));
    $('area').addEventListener('change', (ev) => {
      state.area = ev.target.value;
      afterChange();
    });
  }

  function toggle(set, value, off) {
    if (off) set.add(value);
    else set.delete(value);
    afterChange();
  }

  function syncFilterInputs() {
    for (const input of document.querySelectorAll('#node-types input')) input.checked = !state.offTypes.has(input.dataset.type);
    for (const input of document.querySelectorAll('#rel-types input')) input.checked = !state.offRels.has(input.dataset.rel);
  }

  function renderCounts() {
    const counts = {};
    for (const n of cy.nodes().not('.off')) counts[n.data('type')] = (counts[n.data('type')] || 0) + 1;
    for (const e of cy.edges().not('.off')) counts[e.data('type')] = (counts[e.data('type')] || 0) + 1;
    for (const span of document.querySelectorAll('[data-count]')) span.textContent = counts[span.dataset.count] || '';
  }

  const areaNames = new Map(); // area key -> name

  function renderAreas() {
    const select = $('area');
    const keys = new Set(cy.nodes().map((n) => n.data('area')).filter(Boolean));
    if (state.area) keys.add(state.area);
    const options = [el('option', { value: '' }, '全部领域 (all areas)')];
    for (const key of [...keys].sort()) {
      const name = areaNames.get(key) || key.slice(key.indexOf(':') + 1);
      options.push(el('option', { value: key, selected: key === state.area }, name));
    }
    select.replaceChildren(...options);
    select.value = state.area;
  }

  function renderHidden() {
    const list = $('hidden-list');
    const items = [...state.hidden].map((id) => {
      const node = cy.getElementById(id);
      const name = node.nonempty() ? node.data('name') : id;
      return el('li', { 'data-hidden': id }, el('span', {}, shorten(name, 14)),
        el('button', { type: 'button', title: 'Show again', onclick: () => unhide(id) }, '显示'));
    });
    list.replaceChildren(...items);
    $('hidden-section').hidden = items.length === 0;
  }

  function renderStats() {
    const nodes = cy.nodes().not('.off').length;
    const edges = cy.edges().not('.off').length;
    const off = cy.nodes('.off').length;
    $('stats').textContent = nodes
      ? `显示 ${nodes} 个节点、${edges} 条关系${off ? `(另有 ${off} 个被隐藏或筛除)` : ''} · ${nodes} nodes, ${edges} edges`
      : '';
  }

  // --- search --------------------------------------------------------------------------------

  let suggestSeq = 0;
  let suggestions = [];
  let active = -1;

  function renderSuggestions(text) {
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
      return el('li', { role: 'option', id: `sg-${i}`, 'data-id': n.id, 'aria-selected': i === active ? 'true' : 'false',
        onmousedown: (ev) => { ev.preventDefault(); pick(i); } },
        badge(n.__typename), el('span', { class: 'name' }, n.displayName || nodeLabel(n)),
        hint ? el('span', { class: 'hint' }, hint) : null);
    });
    if (!items.length) {
      items.push(el('li', { class: 'none', role: 'option', 'aria-disabled': 'true' },
        `未找到与“${text}”匹配的结果 (no matches)`));
    }
    list.replaceChildren(...items);
    list.dataset.for = text;
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }

  async function suggest(text) {
    const seq = ++suggestSeq;
    if (!text.trim()) {
      suggestions = [];
      renderSuggestions('');
      return;
    }
    setBusy(1);
    try {
      const data = await gql(Q.suggest, { text: text.trim(), first: 12 });
      if (seq !== suggestSeq) return;
      suggestions = (data.search && data.search.nodes) || [];
      active = suggestions.length ? 0 : -1;
      renderSuggestions(text.trim());
    } catch (err) {
      if (seq === suggestSeq) say(err.message, 'error');
    } finally {
      setBusy(-1);
    }
  }

  function pick(i) {
    const hit = suggestions[i];
    if (!hit) return;
    $('search').value = hit.node.displayName || '';
    renderSuggestions('');
    focusOn(hit.node.id);
  }

  function setupSearch() {
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
        renderSuggestions(input.value.trim());
      } else if (ev.key === 'Escape') {
        renderSuggestions('');
      }
    });
    input.addEventListener('blur', () => setTimeout(() => renderSuggestions(''), 150));
    $('search-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearTimeout(timer);
      const text = input.value.trim();
      if (!text) return;
      // Enter: take the highlighted suggestion, searching first if none is shown yet
      if (!suggestions.length || $('suggestions').hidden) await suggest(text);
      if (suggestions.length) pick(Math.max(active, 0));
      else say(`未找到与“${text}”匹配的节点 (no matches for “${text}”)`);
    });
  }

  // --- export ----------------------------------------------------------------------------------

  function download(name, blob) {
    const url = URL.createObjectURL(blob);
    const a = el('a', { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  function exportName(ext) {
    const focus = cy.getElementById(state.focus || '');
    const name = focus.nonempty() ? focus.data('name') : 'graph';
    return `policykg-${name.replace(/[\\/:*?"<>|\s]+/g, '_')}.${ext}`;
  }

  function exportJSON() {
    const visible = cy.elements().not('.off');
    const view = {
      url: location.origin + toURL(),
      focus: state.focus,
      exported: new Date().toISOString(),
      nodes: visible.nodes().map((n) => ({ id: n.id(), type: n.data('type'), name: n.data('name'), data: n.data('raw'),
        position: n.position() })),
      edges: visible.edges().map((e) => ({ id: e.id(), type: e.data('type'), source: e.data('source'),
        target: e.data('target'), role: e.data('role') || null, provenance: e.data('raw').provenance || null })),
    };
    download(exportName('json'), new Blob([JSON.stringify(view, null, 2)], { type: 'application/json' }));
  }

  function exportPNG() {
    const blob = cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff' });
    download(exportName('png'), blob);
  }

  // --- wiring ----------------------------------------------------------------------------------

  function setupActions() {
    $('reset').addEventListener('click', () => {
      state.focus = null;
      state.expansions = [];
      state.hidden.clear();
      state.offTypes.clear();
      state.offRels.clear();
      state.area = '';
      state.selected = null;
      $('search').value = '';
      say('');
      syncFilterInputs();
      rebuild();
    });
    $('relayout').addEventListener('click', () => layout(true));
    window.addEventListener('resize', () => cy.resize());
    $('export-png').addEventListener('click', exportPNG);
    $('export-json').addEventListener('click', exportJSON);
    $('copy-link').addEventListener('click', async () => {
      const url = location.origin + toURL();
      try {
        await navigator.clipboard.writeText(url);
        say('已复制链接 (link copied)');
      } catch (err) {
        say(url);
      }
    });
    $('panel-close').addEventListener('click', () => {
      state.selected = null;
      cy.elements().unselect();
      closePanel();
      saveURL();
    });
    cy.on('tap', 'node, edge', (ev) => select(ev.target));
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
      if (ev.target instanceof HTMLInputElement || !state.selected || state.selected.kind !== 'node') return;
      if (ev.key === 'Delete' || ev.key === 'Backspace') hide(state.selected.id);
      if (ev.key === 'Enter') expand(state.selected.id);
    });
  }

  /** Document titles (for provenance) and area names (for the area filter). */
  async function loadReference() {
    const data = await gql(Q.reference);
    for (const d of data.documents.nodes) documents.set(d.key, d);
    for (const a of data.areas.nodes) areaNames.set(a.key, a.name);
  }

  async function start() {
    setBusy(1);
    try {
      await loadTypes();
    } catch (err) {
      say(err.message || String(err), 'error');
      setBusy(-1);
      return;
    }
    cy.style(styleSheet());
    buildLegend();
    setupSearch();
    setupActions();
    try {
      await loadReference();
      const saved = readURL();
      Object.assign(state, {
        focus: saved.focus,
        expansions: saved.expansions,
        hidden: new Set(saved.hidden),
        offTypes: new Set(saved.offTypes),
        offRels: new Set(saved.offRels),
        area: saved.area,
        selected: saved.selected,
      });
      syncFilterInputs();
      await guarded(rebuild);
    } finally {
      setBusy(-1);
    }
  }

  // A small handle for the console (and for tests that read positions off the canvas).
  window.explorer = { cy, state, toURL, expand, focusOn, hide, fit: fitView };
  start();
})();
