import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import type { AuthConfig } from '../../src/config.js';
import { credentialCheck } from '../../src/schema/credentials.js';

const SECRET = 'a-test-secret-that-is-at-least-32-bytes-long';
const config: AuthConfig = { jwtSecret: SECRET, jwksUrl: undefined, issuer: undefined, audience: undefined, maxLifetimeHours: 24 };

async function token(lifetime: string | number, issuedAt = true): Promise<string> {
  const jwt = new SignJWT({ roles: ['editor'], partnership: 'p' }).setProtectedHeader({ alg: 'HS256' }).setSubject('someone').setExpirationTime(lifetime);
  return (issuedAt ? jwt.setIssuedAt() : jwt).sign(new TextEncoder().encode(SECRET));
}

describe('the maximum lifetime of a bearer token', () => {
  const check = credentialCheck(config);

  it('accepts a token valid for exactly the limit', async () => {
    await expect(check(`Bearer ${await token('24h')}`)).resolves.toMatchObject({ sub: 'someone', roles: ['editor'] });
  });

  it('refuses one valid for a second more, with UNAUTHENTICATED naming the limit', async () => {
    const refused = check(`Bearer ${await token(Math.floor(Date.now() / 1000) + 24 * 3600 + 1)}`);
    await expect(refused).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await expect(refused).rejects.toThrow(/at most 24 hours \(GT_JWT_MAX_LIFETIME_HOURS\)/);
  });

  it('measures a token without iat from now, so a far expiry is refused all the same', async () => {
    await expect(check(`Bearer ${await token('30d', false)}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await expect(check(`Bearer ${await token('5m', false)}`)).resolves.toMatchObject({ sub: 'someone' });
  });
});
