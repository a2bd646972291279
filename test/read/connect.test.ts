import { describe, expect, inject, it } from 'vitest';
import { connectDatabase } from '../../src/database/driver.js';
import { ErrorCode, GoldenThreadError } from '../../src/errors.js';

describe('connecting to a server', () => {
  it('says plainly when the password is wrong', async () => {
    const target = inject('neo4j');
    const error = (await connectDatabase({ uri: target.uri, user: target.user, password: 'not-the-password', database: undefined }, 1000).catch(
      (e: unknown) => e,
    )) as GoldenThreadError;
    expect(error).toBeInstanceOf(GoldenThreadError);
    expect(error.code).toBe(ErrorCode.CONFIG_INVALID);
    expect(error.message).toBe(`Neo4j at ${target.uri} rejected the user name or password; check NEO4J_USER and NEO4J_PASSWORD.`);
  });
});
