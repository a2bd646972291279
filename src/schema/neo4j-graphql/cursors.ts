/** The offset in a connection cursor: @neo4j/graphql uses graphql-relay's, base64 of `arrayconnection:<offset>`. */
export function cursorOffset(cursor: string): number | undefined {
  const match = /^arrayconnection:(-?\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/**
 * Whether a cursor in the library's form holds an offset it could have given out. The offset goes
 * into the Cypher's SKIP: a negative one, or one past a 64-bit integer (23 digits), fails in the
 * database with Java's text ("long overflow"). Anything not in the library's form it ignores.
 */
export function isForeignCursor(cursor: string): boolean {
  const offset = cursorOffset(cursor);
  return offset !== undefined && (offset < 0 || !Number.isSafeInteger(offset));
}
