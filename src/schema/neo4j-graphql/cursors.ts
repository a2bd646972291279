import { getNamedType, isObjectType, type GraphQLField } from 'graphql';

/** The offset in a connection cursor: @neo4j/graphql uses graphql-relay's, base64 of `arrayconnection:<offset>`. */
export function cursorOffset(cursor: string): number | undefined {
  const match = /^arrayconnection:(-?\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** The cursor the library gives out for an offset: graphql-relay's `offsetToCursor`, padded base64. */
export function libraryCursor(offset: number): string {
  return Buffer.from(`arrayconnection:${offset}`, 'utf8').toString('base64');
}

/**
 * Whether a cursor is anything but one the library could have given out: exactly its form, with an
 * offset of 0 or more that fits (one past a 64-bit integer fails in the database with Java's "long
 * overflow"). The library itself ignores a cursor it cannot read and answers the first page, so a
 * made-up, truncated or re-encoded cursor (Node's base64 decoder forgives a missing character or
 * padding) or another operation's cursor would silently restart the paging; comparing with the
 * cursor the offset gives back refuses them all.
 */
export function isForeignCursor(cursor: string): boolean {
  const offset = cursorOffset(cursor);
  return offset === undefined || offset < 0 || !Number.isSafeInteger(offset) || libraryCursor(offset) !== cursor;
}

/**
 * Whether a field is one of the library's generated connections (`activitiesConnection`,
 * `contributesToConnection`), whose `after` is its offset cursor: a `…Connection` type with
 * `edges` and `pageInfo`. Our own paged operations (impact) have their own types and cursors.
 */
export function isGeneratedConnection(field: GraphQLField<unknown, unknown>): boolean {
  const type = getNamedType(field.type);
  return isObjectType(type) && type.name.endsWith('Connection') && 'edges' in type.getFields() && 'pageInfo' in type.getFields();
}
