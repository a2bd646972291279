/**
 * The page sizes `@limit` gives each type, which the cost rule prices lists by: read from the SDL
 * because the library strips the directive, with its rule that `max` pages when there is no
 * `default`, and its connection shape (`edges { node }`).
 */
import { getNamedType, isInterfaceType, isListType, isNonNullType, isObjectType, Kind, parse, type GraphQLField, type GraphQLOutputType } from 'graphql';

/** A type's `@limit`: the page a list gets without `limit`/`first`, and the most it ever returns. */
export interface PageLimit {
  readonly default: number;
  readonly max: number;
}

/** `@limit` of every type and interface that declares one, by type name. */
export type PageLimits = ReadonlyMap<string, PageLimit>;

/**
 * A type without `@limit` returns every node a filter matches; nothing bounds that, so we count
 * it as a large page rather than pretend it is small.
 */
export const UNLIMITED_PAGE = 1000;

/**
 * Reads `@limit(default, max)` from the SDL. @neo4j/graphql strips its directives from the
 * executable schema, so the source is the only place the page sizes are still written down.
 */
export function pageLimitsOf(typeDefs: string): PageLimits {
  const limits = new Map<string, PageLimit>();
  for (const definition of parse(typeDefs, { noLocation: true }).definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_EXTENSION
    ) {
      continue;
    }
    const directive = definition.directives?.find((d) => d.name.value === 'limit');
    if (!directive) continue;
    const argument = (name: string): number | undefined => {
      const value = directive.arguments?.find((a) => a.name.value === name)?.value;
      return value?.kind === Kind.INT ? Number(value.value) : undefined;
    };
    const max = argument('max');
    // @neo4j/graphql pages by `max` when no `default` is given.
    const pageDefault = argument('default') ?? max ?? UNLIMITED_PAGE;
    limits.set(definition.name.value, { default: pageDefault, max: max ?? UNLIMITED_PAGE });
  }
  return limits;
}

/** The type whose nodes a paged field returns: `[Activity!]!`, or the `node` of a connection's edges. */
function pagedType(type: GraphQLOutputType): string | undefined {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return getNamedType(inner).name;
  const named = getNamedType(inner);
  if (!isObjectType(named)) return undefined;
  const edges = named.getFields().edges;
  if (!edges) return undefined;
  const edge = getNamedType(edges.type);
  if (!isObjectType(edge) && !isInterfaceType(edge)) return undefined;
  const node = edge.getFields().node;
  return node ? getNamedType(node.type).name : undefined;
}

/**
 * How many nodes a paged field can return: the page asked for (`limit` or `first`), never more
 * than `@limit`'s max, or its default when none is asked for.
 */
export function pageSize(field: GraphQLField<unknown, unknown>, args: Readonly<Record<string, unknown>>, limits: PageLimits): number {
  const typeName = pagedType(field.type);
  const limit = (typeName === undefined ? undefined : limits.get(typeName)) ?? { default: UNLIMITED_PAGE, max: UNLIMITED_PAGE };
  const asked = typeof args.limit === 'number' ? args.limit : typeof args.first === 'number' ? args.first : undefined;
  return asked === undefined ? limit.default : Math.min(Math.max(asked, 0), limit.max);
}
