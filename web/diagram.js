// The hops drawn with Cytoscape.js and its dagre layout, which index.html loads first as classic
// scripts (window.cytoscape, which cytoscape-dagre registers itself with).
import { h } from './dom.js';
import { showEvidence } from './hops.js';
import { TYPE_COLOURS } from './palette.js';
import { state } from './state.js';
import { openHash } from './url-state.js';

// The smallest font in the diagram, and the smallest size in pixels any label may be drawn at: the
// diagram never zooms out past that, and scrolls (drag to pan) instead of shrinking the words.
const NODE_FONT = 15;
const EDGE_FONT = 13;
const READABLE_PX = 11;
const MIN_ZOOM = READABLE_PX / Math.min(NODE_FONT, EDGE_FONT);
const PADDING = 24;

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
      },
    })),
    ...hops.map((hop) => ({
      data: { id: 'e' + hop.index, source: 'n:' + hop.left.id, target: 'n:' + hop.reached.id, label: hop.step.relationship, basis: hop.step.evidence.basis },
    })),
  ];
  const cy = window.cytoscape({
    container,
    elements,
    minZoom: MIN_ZOOM,
    maxZoom: 3,
    wheelSensitivity: 0.3,
    boxSelectionEnabled: false,
    style: [
      {
        selector: 'node',
        style: {
          'background-color': 'data(colour)',
          label: 'data(label)',
          color: '#111',
          'font-size': NODE_FONT,
          'text-wrap': 'wrap',
          'text-max-width': 160,
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
          'font-size': EDGE_FONT,
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
  // Layered by the walk (cytoscape-dagre): a trace climbs from the activity at the bottom to the
  // Acts at the top; an impact falls from its subject at the top to the local work below.
  const layered = typeof window.cytoscapeDagre === 'function';
  cy.layout(
    layered
      ? { name: 'dagre', rankDir: upward ? 'BT' : 'TB', nodeDimensionsIncludeLabels: true, nodeSep: 24, rankSep: 90, edgeSep: 12, fit: false, animate: false }
      : { name: 'breadthfirst', directed: true, fit: false, animate: false },
  ).run();
  // As tall as the drawing needs at a readable size, within most of the screen; the rest pans.
  const box = cy.elements().boundingBox();
  const width = container.clientWidth || 320;
  const zoom = Math.min(1.2, Math.max(MIN_ZOOM, (width - 2 * PADDING) / Math.max(box.w, 1)));
  // On a phone a strip of page stays above or below it, where a finger scrolls the page, not the drawing.
  const tallest = Math.max(320, window.innerHeight * (width < 600 ? 0.6 : 0.8));
  const height = Math.round(Math.min(Math.max(320, box.h * zoom + 2 * PADDING), tallest));
  container.style.height = `${height}px`;
  cy.resize();
  cy.fit(undefined, PADDING);
  // Larger than the box even at the smallest readable size: start where the walk starts (the
  // activity at the bottom of a trace, the subject at the top of an impact); drag to the rest.
  const z = cy.zoom();
  const root = hops.length ? cy.getElementById('n:' + hops[0].left.id) : null;
  if (root && box.w * z > width) cy.pan({ x: width / 2 - root.position('x') * z, y: cy.pan().y });
  if (box.h * z > height) cy.pan({ x: cy.pan().x, y: upward ? height - PADDING - box.y2 * z : PADDING - box.y1 * z });
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
      'Tap a line to show its evidence, or a dot to open that entity; drag to move around a large diagram. Dashed lines are inferred. Keyboard users: use the table of hops below.',
    ),
    box,
    h('section', { id: 'evidence', 'aria-live': 'polite', hidden: true }),
  );
  // Cytoscape needs the box in the page with a size, which it has only after the view is drawn.
  requestAnimationFrame(() => drawDiagram(box, hops, options));
  return section;
}
