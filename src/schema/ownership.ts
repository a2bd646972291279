/**
 * Who may change what: pure rules over the token's claims and the entities' state before and
 * after, so they can be checked without a database (test/unit/ownership.test.ts).
 */
import { legalLayerReason, linkRefusal, OWNERSHIP } from '../model/index.js';
import { ErrorCode, userError } from '../errors.js';
import type { EntityChange, EntityState } from './audit-trail.js';
import type { Claims } from './credentials.js';
import type { MutationVerb } from './neo4j-graphql/generated-mutations.js';

const forbidden = (message: string) => userError(ErrorCode.FORBIDDEN, message);

/** Who owns an entity, as a refusal names it. */
export const ownerOf = (partnership: unknown): string =>
  typeof partnership === 'string' ? `partnership "${partnership}"` : 'no partnership (shared national data, which only an admin may change)';

/** Why a change without a token is refused; said before execution too (anonymous-mutations.ts). */
export const anonymousChange = (operation: string): string =>
  `${operation} changes the graph, which needs a bearer token (Authorization: Bearer <JWT>) with the role editor or admin.`;

/** Who may try to change anything at all; the rules on each type then decide what. */
export function requireEditor(claims: Claims | undefined, operation: string): Claims {
  if (!claims) throw userError(ErrorCode.UNAUTHENTICATED, anonymousChange(operation));
  if (claims.roles.includes(OWNERSHIP.adminRole)) return claims;
  if (!claims.roles.includes(OWNERSHIP.editorRole)) throw forbidden(`Your token's roles (${claims.roles.join(', ') || 'none'}) do not include editor or admin, which changing the graph needs.`);
  if (!claims.partnership) throw forbidden('Your token has the editor role but names no partnership; an editor may change only its own partnership\'s entities.');
  return claims;
}

/**
 * Refuses, before @neo4j/graphql runs, what its own rules would refuse: its generated check
 * compares a missing partnership with null and fails inside the database instead of answering
 * FORBIDDEN. Also names an id that already exists, which the library reports without the id.
 */
export function refuseBeforeChange(
  verb: MutationVerb,
  args: Readonly<Record<string, unknown>>,
  relationshipFields: ReadonlySet<string>,
  before: ReadonlyMap<string, EntityState>,
  claims: Claims,
): void {
  if (verb === 'create') {
    for (const item of args.input as { id: string; partnership?: string | null }[]) {
      if (before.has(item.id)) throw userError(ErrorCode.BAD_USER_INPUT, `An entity with id "${item.id}" already exists; ids are unique across the graph.`);
      if (!claims.roles.includes(OWNERSHIP.adminRole) && item.partnership !== claims.partnership) {
        throw forbidden(`"${item.id}" would belong to ${item.partnership ? `partnership "${item.partnership}"` : 'no partnership'}; an editor of "${claims.partnership}" may create only entities with partnership "${claims.partnership}".`);
      }
    }
    return;
  }
  if (claims.roles.includes(OWNERSHIP.adminRole)) return;
  const changesProperties = verb === 'delete' || Object.keys((args.update as Record<string, unknown> | undefined) ?? {}).some((key) => !relationshipFields.has(key));
  if (!changesProperties) return;
  for (const state of before.values()) {
    if (state.properties.partnership !== claims.partnership) {
      throw forbidden(`"${state.id}" belongs to ${ownerOf(state.properties.partnership)}; editors of "${claims.partnership}" may change only their partnership's entities.`);
    }
  }
}

const ownerOn = (state: EntityState | undefined): string | null => {
  const owner = state?.properties[OWNERSHIP.property];
  return typeof owner === 'string' ? owner : null;
};

/**
 * The rules the schema's @authorization cannot state on its own, applied to what the mutation
 * did (src/model/ownership.ts states them): an entity's own properties are an editor's to change
 * only if it is their partnership's before and after and not part of the legal layer; a
 * relationship is theirs to make or remove only under the linking rule. Admins may change anything.
 */
export function refuseForeignChanges(changes: readonly EntityChange[], claims: Claims): void {
  if (claims.roles.includes(OWNERSHIP.adminRole)) return;
  const mine = claims.partnership ?? '';
  for (const change of changes) {
    const before = ownerOn(change.before);
    const after = ownerOn(change.after);
    const touchesEntity = change.action !== 'UPDATE' || change.changedProperties.length > 0;
    if (touchesEntity && ((change.before && before !== mine) || (change.after && after !== mine))) {
      throw forbidden(`"${change.id}" belongs to ${ownerOf(change.before ? before : after)}; editors of "${mine}" may change only their partnership's entities.`);
    }
    const legal = touchesEntity && change.after ? legalLayerReason({ type: change.after.type, id: change.id, scope: change.after.properties.scope }) : undefined;
    if (legal !== undefined) {
      throw forbidden(`"${change.id}" cannot be made or changed by an editor: ${legal}, which only an admin (or a seed dataset) may add to, so that nothing an editor writes can pass for statute.`);
    }
    const here = change.before ? before : after;
    for (const relationship of [...change.added, ...change.removed]) {
      const refusal = linkRefusal(mine, here, relationship.otherPartnership);
      if (refusal === undefined) continue;
      const verb = change.added.includes(relationship) ? 'link' : 'unlink';
      throw forbidden(
        refusal.touches === 'another partnership'
          ? `The ${relationship.type} relationship between "${change.id}" and "${relationship.other}" touches an entity of partnership "${refusal.partnership}"; an editor of "${mine}" may not ${verb} it, as it would change that partnership's answers (ask an admin).`
          : `The ${relationship.type} relationship between "${change.id}" and "${relationship.other}" joins two entities of shared national data, both outside partnership "${mine}"; an editor may ${verb} only where one end is their partnership's (ask an admin).`,
      );
    }
  }
}
