// impact-hops: the relationships on one page of impact chains, with their evidence.
// Params: $rels: [element id] (from impact-step, in the same transaction).
// Returns: one row per relationship: rel (element id), type, start (its stored start node's id),
//   evidence (with dataset for a seed's relationship, changeId for one made through the API).
UNWIND $rels AS at
MATCH ()-[r]->()
WHERE elementId(r) = at
RETURN at AS rel, type(r) AS type, startNode(r).id AS start,
  r {.basis, .source, .quote, .note, .verified, .dataset, .changeId, validFrom: toString(r.validFrom), validTo: toString(r.validTo)} AS evidence
