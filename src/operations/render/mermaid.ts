/**
 * Mermaid flowchart text for the operations' answers. Pure: graph in, text out.
 * Node ids are sanitised (letters, digits and underscores, made unique); labels are escaped
 * with Mermaid's entity codes so any name renders as text, never as syntax.
 */
import { ENTITIES, ENTITY_TYPES, MERMAID_CLASSES, typeName, type MermaidClass } from '../../model/index.js';
import type { EntityRef } from '../shapes.js';

export interface DiagramEdge {
  readonly from: EntityRef;
  readonly label: string;
  readonly to: EntityRef;
  /** Drawn dotted (for example an inferred or unverified link, or a gap). */
  readonly dotted?: boolean;
}

export interface Diagram {
  readonly direction?: 'LR' | 'RL' | 'TB' | 'BT';
  readonly nodes: readonly EntityRef[];
  readonly edges: readonly DiagramEdge[];
  /** Ids to draw with the `subject` class. */
  readonly highlight?: readonly string[];
  /** Ids to draw with the `gap` class. */
  readonly gaps?: readonly string[];
}

/** Escapes text for a quoted Mermaid label. */
export function escapeLabel(text: string): string {
  return text
    .replace(/#/g, '#35;')
    .replace(/&/g, '#38;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\|/g, '#124;')
    .replace(/[[\]{}()]/g, (c) => `#${c.charCodeAt(0)};`)
    .replace(/`/g, '#96;')
    .replace(/[\r\n\t]+/g, ' ');
}

/** Gives each entity id a stable Mermaid-safe id: a readable prefix plus a number when needed. */
export function nodeIds(ids: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const id of ids) {
    if (out.has(id)) continue;
    const base = `n_${
      id
        .replace(/[^A-Za-z0-9]+/g, '_')
        .replace(/^_+|_+$/g, '')
        .slice(0, 60) || 'x'
    }`;
    let candidate = base;
    for (let i = 2; used.has(candidate); i++) candidate = `${base}_${i}`;
    used.add(candidate);
    out.set(id, candidate);
  }
  return out;
}

/** Mermaid class per entity type, from the model's palette. */
const CLASS_BY_TYPE: Readonly<Record<string, MermaidClass>> = Object.fromEntries(
  ENTITY_TYPES.flatMap((type) => {
    const cls = ENTITIES[type].palette.mermaidClass;
    return cls === undefined ? [] : [[typeName(type), cls]];
  }),
);

export function renderMermaid(diagram: Diagram): string {
  const nodes = new Map<string, EntityRef>();
  for (const node of diagram.nodes) if (!nodes.has(node.id)) nodes.set(node.id, node);
  for (const edge of diagram.edges) {
    if (!nodes.has(edge.from.id)) nodes.set(edge.from.id, edge.from);
    if (!nodes.has(edge.to.id)) nodes.set(edge.to.id, edge.to);
  }
  const ids = nodeIds(nodes.keys());
  const lines: string[] = [`flowchart ${diagram.direction ?? 'LR'}`];
  for (const node of nodes.values()) {
    lines.push(`  ${ids.get(node.id)}["${escapeLabel(node.name)}<br/><small>${escapeLabel(node.type)}: ${escapeLabel(node.id)}</small>"]`);
  }
  const seen = new Set<string>();
  for (const edge of diagram.edges) {
    const key = `${edge.from.id}\u0000${edge.label}\u0000${edge.to.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const arrow = edge.dotted ? '-.->' : '-->';
    lines.push(`  ${ids.get(edge.from.id)} ${arrow}|"${escapeLabel(edge.label)}"| ${ids.get(edge.to.id)}`);
  }
  for (const [cls, style] of Object.entries(MERMAID_CLASSES)) lines.push(`  classDef ${cls} ${style}`);
  lines.push('  classDef subject stroke-width:3px');
  lines.push('  classDef gap fill:#fde2e2,stroke:#b3261e,stroke-dasharray:4 3');
  const byClass = new Map<string, string[]>();
  for (const node of nodes.values()) {
    const cls = CLASS_BY_TYPE[node.type];
    if (cls === undefined) continue;
    const list = byClass.get(cls) ?? [];
    list.push(ids.get(node.id) as string);
    byClass.set(cls, list);
  }
  for (const [cls, list] of byClass) lines.push(`  class ${list.join(',')} ${cls}`);
  const highlight = (diagram.highlight ?? []).filter((id) => ids.has(id)).map((id) => ids.get(id) as string);
  if (highlight.length > 0) lines.push(`  class ${highlight.join(',')} subject`);
  const gaps = (diagram.gaps ?? []).filter((id) => ids.has(id)).map((id) => ids.get(id) as string);
  if (gaps.length > 0) lines.push(`  class ${gaps.join(',')} gap`);
  return `${lines.join('\n')}\n`;
}
