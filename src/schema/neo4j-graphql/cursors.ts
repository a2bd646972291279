/** The offset in a connection cursor: @neo4j/graphql uses graphql-relay's, base64 of `arrayconnection:<offset>`. */
export function cursorOffset(cursor: string): number | undefined {
  const match = /^arrayconnection:(-?\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
