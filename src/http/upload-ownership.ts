/**
 * What an editor may upload: the ownership rules the GraphQL mutations apply (src/model/ownership.ts),
 * applied to a whole dataset before it is compared with the graph. Pure, so it is tested without a
 * database (test/unit/upload-ownership.test.ts); an admin's upload skips it.
 */
import { legalLayerReason, linkRefusal } from '../model/index.js';
import type { CheckedRun } from '../seed/validate.js';

/** An entity the upload names that is already in the graph. */
export interface OwnedEntity {
  readonly partnership: string | null;
  readonly dataset: string | null;
}

/**
 * What the upload would add or change, from the import's diff. Only these are checked: an item the
 * files state exactly as the graph holds it changes nothing, so the editor's own exported plan (which
 * restates, say, a board serving an area) goes back in as it came out.
 */
export interface UploadChanges {
  readonly entities: ReadonlySet<string>;
  /** Relationship keys as `relationshipKey` writes them. */
  readonly relationships: ReadonlySet<string>;
}

/** One relationship's key in UploadChanges. */
export const relationshipKey = ({ from, type, to }: { from: string; type: string; to: string }): string => `${from}\u0000${type}\u0000${to}`;

export interface UploadRefusal {
  /** One sentence per refused id or relationship, each naming it. */
  readonly reasons: readonly string[];
  /** The ids the sentences name, for tools. */
  readonly ids: readonly string[];
}

const ownerOf = (partnership: string | null): string =>
  partnership === null ? 'shared national data (no partnership), which only an admin may change' : `partnership "${partnership}"`;

/**
 * Why an editor of `mine` may not upload these files as dataset `dataset`, or undefined when they
 * may. `graph` holds the entities already in the graph among those the files name; `datasetOwners`
 * the partnerships of the entities the dataset owns in the graph now; `changes`, when given, limits
 * the entity and relationship checks to what the upload would add or change.
 */
export function uploadRefusal(
  run: CheckedRun,
  dataset: string,
  mine: string,
  graph: ReadonlyMap<string, OwnedEntity>,
  datasetOwners: readonly (string | null)[],
  changes?: UploadChanges,
): UploadRefusal | undefined {
  const reasons: string[] = [];
  const ids = new Set<string>();
  const named = run.partnerships.get(dataset) ?? null;
  if (named !== mine) {
    reasons.push(
      `The files name ${named === null ? 'no partnership' : `partnership "${named}"`}; an editor of "${mine}" may upload only a dataset whose files say "partnership: ${mine}".`,
    );
  }
  const foreign = [...new Set(datasetOwners)].filter((owner) => owner !== mine);
  if (foreign.length > 0) {
    reasons.push(`Dataset "${dataset}" in the graph belongs to ${foreign.map(ownerOf).join(' and ')}; an editor of "${mine}" may not replace it.`);
  }
  const declared = new Set<string>();
  for (const { value } of run.entities) {
    declared.add(value.id);
    if (changes && !changes.entities.has(value.id)) continue;
    const legal = legalLayerReason({ type: value.type, id: value.id, scope: value.scope });
    if (legal !== undefined) {
      ids.add(value.id);
      reasons.push(`"${value.id}" cannot be uploaded by an editor: ${legal}, which only an admin (or a seed dataset) may add to.`);
      continue;
    }
    const found = graph.get(value.id);
    if (found && found.partnership !== mine) {
      ids.add(value.id);
      reasons.push(`"${value.id}" belongs to ${ownerOf(found.partnership)}; an editor of "${mine}" may upload only their partnership's entities.`);
    }
  }
  // An end the files declare becomes the uploader's; one they only refer to keeps its owner.
  const owner = (id: string): string | null | undefined => (declared.has(id) ? mine : graph.has(id) ? (graph.get(id)?.partnership ?? null) : undefined);
  for (const { value } of run.relationships) {
    if (changes && !changes.relationships.has(relationshipKey(value))) continue;
    const from = owner(value.from);
    const to = owner(value.to);
    // An end in neither the files nor the graph is a reference problem, reported as such.
    if (from === undefined || to === undefined) continue;
    const refusal = linkRefusal(mine, from, to);
    if (refusal === undefined) continue;
    ids.add(value.from);
    ids.add(value.to);
    reasons.push(
      refusal.touches === 'another partnership'
        ? `The relationship ${value.from} -[${value.type}]-> ${value.to} touches an entity of partnership "${refusal.partnership}"; an editor of "${mine}" may not make it (ask an admin).`
        : `The relationship ${value.from} -[${value.type}]-> ${value.to} joins two entities of shared national data; an editor may make one only where an end is their partnership's (ask an admin).`,
    );
  }
  return reasons.length === 0 ? undefined : { reasons, ids: [...ids].sort() };
}

/**
 * Why an editor of `mine` may not remove these relationships of their own dataset (a whole upload
 * that no longer states them), or undefined: the linking rule holds for unlinking too, so one
 * that reaches another partnership's entity, or joins two shared ones, stays until an admin removes it.
 */
export function removalRefusal(
  removed: readonly { from: string; type: string; to: string }[],
  mine: string,
  graph: ReadonlyMap<string, OwnedEntity>,
): UploadRefusal | undefined {
  const reasons: string[] = [];
  const ids = new Set<string>();
  for (const { from, type, to } of removed) {
    const refusal = linkRefusal(mine, graph.get(from)?.partnership ?? null, graph.get(to)?.partnership ?? null);
    if (refusal === undefined) continue;
    ids.add(from);
    ids.add(to);
    reasons.push(
      refusal.touches === 'another partnership'
        ? `The files no longer state ${from} -[${type}]-> ${to}, which touches an entity of partnership "${refusal.partnership}"; an editor of "${mine}" may not remove it (keep it in the files, or ask an admin).`
        : `The files no longer state ${from} -[${type}]-> ${to}, which joins two entities of shared national data; an editor may not remove it (keep it in the files, or ask an admin).`,
    );
  }
  return reasons.length === 0 ? undefined : { reasons, ids: [...ids].sort() };
}
