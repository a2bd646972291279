/** A node of a Neo4j PROFILE plan as the driver returns it (summary.profile), for the benches that read one. */
export interface PlanNode {
  operatorType: string;
  dbHits?: number;
  rows?: number;
  arguments?: Record<string, unknown>;
  children?: PlanNode[];
}

/** Prints a plan operator by operator, indented by depth, each with its db hits, rows and the start of its details. */
export function printPlan(node: PlanNode, detailChars: number, depth = 0): void {
  const details = String(node.arguments?.Details ?? '')
    .replace(/\s+/g, ' ')
    .slice(0, detailChars);
  console.log(`${' '.repeat(depth)}${node.operatorType} hits ${node.dbHits ?? 0} rows ${node.rows ?? 0} ${details}`);
  for (const child of node.children ?? []) printPlan(child, detailChars, depth + 1);
}
