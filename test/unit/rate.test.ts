import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { clientKey, CostBudget } from '../../src/http/limits/rate.js';
import { credentialCheck } from '../../src/schema/credentials.js';
import { SECRET, token } from '../support/auth.js';

const check = credentialCheck(loadConfig({ GT_JWT_SECRET: SECRET }).auth);

/** The parts of an Express request the client key reads. */
function request(ip: string, headers: Record<string, string> = {}): Request {
  return { ip, headers, socket: {}, get: (name: string) => headers[name.toLowerCase()] } as unknown as Request;
}

describe('who a request counts against', () => {
  it('is the address, whatever x-api-key the client makes up', async () => {
    expect(await clientKey(request('203.0.113.5', { 'x-api-key': crypto.randomUUID() }), check)).toBe('ip:203.0.113.5');
    expect(await clientKey(request('203.0.113.5', { 'x-api-key': crypto.randomUUID() }), check)).toBe('ip:203.0.113.5');
  });

  it("is a verified token's subject, wherever it comes from", async () => {
    const bearer = `Bearer ${await token({ roles: ['editor'] }, { subject: 'a@example.org' })}`;
    expect(await clientKey(request('203.0.113.5', { authorization: bearer }), check)).toBe('sub:a@example.org');
    expect(await clientKey(request('198.51.100.7', { authorization: bearer }), check)).toBe('sub:a@example.org');
  });

  it('is the address for a forged, expired or malformed token, however its subject reads', async () => {
    const forged = await token({ roles: ['admin'] }, { subject: 'a@example.org', secret: 'another-secret-that-is-at-least-32-bytes' });
    const expired = await token({ roles: ['editor'] }, { subject: 'a@example.org', expiresIn: '-1m' });
    for (const authorization of [`Bearer ${forged}`, `Bearer ${expired}`, 'Bearer not-a-token', 'Basic abc']) {
      expect(await clientKey(request('203.0.113.5', { authorization }), check)).toBe('ip:203.0.113.5');
    }
  });

  it('groups an IPv6 client by its /56', async () => {
    expect(await clientKey(request('2001:db8:1:1a00::1'), check)).toBe(await clientKey(request('2001:db8:1:1aff:ffff::9'), check));
    expect(await clientKey(request('2001:db8:1:1b00::1'), check)).not.toBe(await clientKey(request('2001:db8:1:1a00::1'), check));
  });
});

describe('the cost budget', () => {
  it('accepts queries up to the budget, refuses the one past it without charging it, and starts again next minute', () => {
    const budget = new CostBudget(1_000);
    const start = 1_000_000;
    expect(budget.charge('a', 600, start)).toEqual({ accepted: true, remaining: 400 });
    expect(budget.charge('a', 400, start + 1)).toEqual({ accepted: true, remaining: 0 });
    expect(budget.charge('a', 1, start + 2)).toEqual({ accepted: false, remaining: 0, retryAfterSeconds: 60 });
    // Another client has its own budget.
    expect(budget.charge('b', 1_000, start + 3)).toEqual({ accepted: true, remaining: 0 });
    expect(budget.charge('a', 1, start + 59_999)).toEqual({ accepted: false, remaining: 0, retryAfterSeconds: 1 });
    expect(budget.charge('a', 1_000, start + 60_000)).toEqual({ accepted: true, remaining: 0 });
  });

  it('lets a client over budget still run a query that fits in what is left', () => {
    const budget = new CostBudget(1_000);
    expect(budget.charge('a', 900, 0).accepted).toBe(true);
    expect(budget.charge('a', 101, 1)).toMatchObject({ accepted: false, remaining: 100 });
    expect(budget.charge('a', 100, 2)).toEqual({ accepted: true, remaining: 0 });
  });
});
