import {
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  Kind,
  OperationTypeNode,
  type DocumentNode,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  type ValueNode,
} from 'graphql';

export type MutationVerb = 'create' | 'update' | 'delete';

/** One generated mutation, and what we need of the query that lists the same type. */
export interface GeneratedMutation {
  readonly field: GraphQLField<unknown, unknown>;
  readonly verb: MutationVerb;
  /** The generated list query of the same type: `activities` for `updateActivities`. */
  readonly listField: string;
  /** The type of the mutation's `where` argument (none for a create). */
  readonly whereType: GraphQLInputType | undefined;
  /** The fields of the `update` input that are relationships (lists of connect/disconnect), not properties. */
  readonly relationshipFields: ReadonlySet<string>;
}

/**
 * The generated mutations, by their names: `create|update|delete` + the plural type name, with
 * `input` (create), `where` and `update` arguments; each has a list query named as the plural
 * with a lower-case first letter, taking `where` and `limit`.
 */
export function generatedMutations(schema: GraphQLSchema): GeneratedMutation[] {
  const mutation = schema.getMutationType();
  const query = schema.getQueryType();
  if (!mutation || !query) return [];
  const found: GeneratedMutation[] = [];
  for (const field of Object.values(mutation.getFields())) {
    const match = /^(create|update|delete)(\w+)$/.exec(field.name);
    if (!match?.[1] || !match[2]) continue;
    const listField = match[2].charAt(0).toLowerCase() + match[2].slice(1);
    if (!query.getFields()[listField]) throw new Error(`No query ${listField} for mutation ${field.name}`);
    const updateType = getNamedType(field.args.find((arg) => arg.name === 'update')?.type);
    found.push({
      field,
      verb: match[1] as MutationVerb,
      listField,
      whereType: field.args.find((arg) => arg.name === 'where')?.type,
      relationshipFields: new Set(
        isInputObjectType(updateType) ? Object.values(updateType.getFields()).filter((input) => isListType(getNullableType(input.type))).map((input) => input.name) : [],
      ),
    });
  }
  return found;
}

/** `{ <listField>(where: <where>, limit: <limit>) { id } }`: the ids a mutation's filter matches, as the library reads it. */
export function matchingIdsQuery(listField: string, where: ValueNode, limit: number): DocumentNode {
  return {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: OperationTypeNode.QUERY,
        selectionSet: {
          kind: Kind.SELECTION_SET,
          selections: [
            {
              kind: Kind.FIELD,
              name: { kind: Kind.NAME, value: listField },
              arguments: [
                { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'where' }, value: where },
                { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'limit' }, value: { kind: Kind.INT, value: String(limit) } },
              ],
              selectionSet: { kind: Kind.SELECTION_SET, selections: [{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: 'id' } }] },
            },
          ],
        },
      },
    ],
  };
}
