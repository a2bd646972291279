// The hops drawn with Cytoscape.js, which index.html loads first as a classic script (window.cytoscape).
import { h } from './dom.js';
import { showEvidence } from './hops.js';
import { LAYER, TYPE_COLOURS } from './palette.js';
import { state } from './state.js';
import { openHash } from './url-state.js';

function drawDiagram(container, hops, { upward = true } = {}) {
  if (state.cy) {
    state.cy.destroy();
    state.cy = null;
  }
  if (typeof window.cytoscape !== 'function') {
    container.replaceChildren(h('p', {}, 'The diagram could not load; every hop is in the table below.'));
    return;
  }
  const nodes = new Map();
  for (const hop of hops) for (const ref of [hop.left, hop.reached]) nodes.set(ref.id, ref);
  const elements = [
    ...[...nodes.values()].map((ref) => ({
      data: {
        id: 'n:' + ref.id,
        ref,
        label: ref.name.length > 48 ? ref.name.slice(0, 46) + '…' : ref.name,
        colour: TYPE_COLOURS[ref.type] || '#555',
        layer: LAYER[ref.type] ?? 2,
      },
    })),
    ...hops.map((hop) => ({
      data: { id: 'e' + hop.index, source: 'n:' + hop.left.id, target: 'n:' + hop.reached.id, label: hop.step.relationship, basis: hop.step.evidence.basis },
    })),
  ];
  const cy = window.cytoscape({
    container,
    elements,
    wheelSensitivity: 0.3,
    boxSelectionEnabled: false,
    style: [
      {
        selector: 'node',
        style: {
          'background-color': 'data(colour)',
          label: 'data(label)',
          color: '#111',
          'font-size': 15,
          'text-wrap': 'wrap',
          'text-max-width': 150,
          'text-valign': 'bottom',
          'text-margin-y': 4,
          width: 22,
          height: 22,
          'text-background-color': '#fff',
          'text-background-opacity': 0.85,
          'text-background-padding': 2,
        },
      },
      {
        selector: 'edge',
        style: {
          width: 2,
          'line-color': '#8a8a8a',
          'target-arrow-color': '#8a8a8a',
          'target-arrow-shape': 'triangle',
          'curve-style': 'bezier',
          label: 'data(label)',
          'font-size': 10,
          color: '#333',
          'text-rotation': 'autorotate',
          'text-background-color': '#fff',
          'text-background-opacity': 0.85,
        },
      },
      { selector: 'edge[basis = "INFERRED"]', style: { 'line-style': 'dashed' } },
      { selector: 'edge:selected', style: { width: 5, 'line-color': '#f0a500', 'target-arrow-color': '#f0a500' } },
      { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#f0a500' } },
    ],
    layout: { name: 'preset' },
  });
  // Layered by kind: local work at the bottom, the Acts at the top (or the reverse for impact).
  const layers = new Map();
  cy.nodes().forEach((n) => {
    const layer = n.data('layer');
    if (!layers.has(layer)) layers.set(layer, []);
    layers.get(layer).push(n);
  });
  const order = [...layers.keys()].sort((a, b) => a - b);
  const width = Math.max(...[...layers.values()].map((l) => l.length)) * 175;
  order.forEach((layer, rank) => {
    const row = layers.get(layer).sort((a, b) => a.data('label').localeCompare(b.data('label')));
    row.forEach((n, i) => n.position({ x: (i + 0.5) * (width / row.length) + (rank % 2) * 20, y: (upward ? -rank : rank) * 120 }));
  });
  cy.fit(undefined, 24);
  cy.on('tap', 'edge', (event) => {
    const hop = hops[Number(event.target.id().slice(1))];
    if (hop) showEvidence(hop, { focus: false });
  });
  cy.on('tap', 'node', (event) => {
    location.hash = openHash(event.target.data('ref'));
  });
  state.cy = cy;
}

export function diagramSection(hops, options) {
  const box = h('div', { id: 'diagram', role: 'img', 'aria-label': `Diagram of ${hops.length} hops. Every hop and its evidence is also in the table below.` });
  const section = h(
    'section',
    { 'aria-labelledby': 'diagram-title' },
    h('h2', { id: 'diagram-title' }, 'Diagram'),
    h(
      'p',
      { class: 'legend' },
      'Tap a line to show its evidence, or a dot to open that entity. Dashed lines are inferred. Keyboard users: use the table of hops below.',
    ),
    box,
    h('section', { id: 'evidence', 'aria-live': 'polite', hidden: true }),
  );
  // Cytoscape needs the box in the page with a size, which it has only after the view is drawn.
  requestAnimationFrame(() => drawDiagram(box, hops, options));
  return section;
}
