/**
 * A fingerprint of the whole graph: counts, and an MD5 over every node (labels and properties)
 * and every relationship (its ends, type and properties), each written out in a fixed order.
 * Equal fingerprints before and after mean nothing was written, not even partly.
 */
import type { Database } from '../../../src/database/driver.js';

export interface Fingerprint {
  readonly nodes: number;
  readonly relationships: number;
  readonly nodeHash: string;
  readonly relationshipHash: string;
}

// A node is named by its id where it has one, else by all its properties (the dataset records).
const nodeKey = (v: string) => `coalesce(toString(${v}.id), apoc.convert.toJson(apoc.map.sortedProperties(${v})))`;

export async function fingerprint(db: Database): Promise<Fingerprint> {
  const [nodes] = await db.run<{ count: number; hash: string }>(
    `MATCH (n)
     WITH apoc.text.join(apoc.coll.sort(labels(n)), ':') + ' ' + apoc.convert.toJson(apoc.map.sortedProperties(n)) AS row
     ORDER BY row
     RETURN count(row) AS count, apoc.util.md5(collect(row)) AS hash`,
  );
  const [relationships] = await db.run<{ count: number; hash: string }>(
    `MATCH (n)-[r]->(m)
     WITH ${nodeKey('n')} AS from, r, ${nodeKey('m')} AS to
     WITH from + ' -[' + type(r) + ' ' + apoc.convert.toJson(apoc.map.sortedProperties(r)) + ']-> ' + to AS row
     ORDER BY row
     RETURN count(row) AS count, apoc.util.md5(collect(row)) AS hash`,
  );
  return { nodes: nodes?.count ?? 0, relationships: relationships?.count ?? 0, nodeHash: nodes?.hash ?? '', relationshipHash: relationships?.hash ?? '' };
}
