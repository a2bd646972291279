/** A node of a Neo4j PROFILE plan as the driver returns it (summary.profile), for the benches that read one. */
export interface PlanNode {
  operatorType: string;
  dbHits?: number;
  rows?: number;
  arguments?: Record<string, unknown>;
  children?: PlanNode[];
}
