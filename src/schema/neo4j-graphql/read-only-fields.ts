import { isInputObjectType, isObjectType, type GraphQLField, type GraphQLSchema } from 'graphql';

/**
 * A field marked `@filterable(byValue: false, byAggregate: false) @sortable(byValue: false)
 * @selectable(onRead: true, onAggregate: false)` is left out of every generated `where`, `sort` and
 * aggregate type, so a client can read it only through the field's own resolver. The types that
 * would carry it are named after the node: `<Type>Where`, `<Type>Sort`, and those with `Aggregate`
 * in their name.
 */
export function generatedTypesExposing(schema: GraphQLSchema, typeName: string, fieldName: string): string[] {
  return Object.values(schema.getTypeMap())
    .filter((type) => type.name.startsWith(typeName) && type.name !== typeName && !type.name.startsWith('__'))
    .filter((type) => (isInputObjectType(type) || isObjectType(type)) && fieldName in type.getFields())
    .filter((type) => isInputObjectType(type) || type.name.includes('Aggregate'))
    .map((type) => type.name)
    .sort();
}

/** The field, once it is sure no filter, sort or aggregate reaches it (a library upgrade that undoes the directives stops the start). */
export function requireHiddenFromQueries(schema: GraphQLSchema, typeName: string, fieldName: string): GraphQLField<unknown, unknown> {
  const type = schema.getType(typeName);
  const field = isObjectType(type) ? type.getFields()[fieldName] : undefined;
  if (!field) throw new Error(`${typeName}.${fieldName} is not in the schema`);
  const exposing = generatedTypesExposing(schema, typeName, fieldName);
  if (exposing.length > 0) throw new Error(`${typeName}.${fieldName} must be readable only through its resolver, but ${exposing.join(', ')} carry it`);
  return field;
}
