/** What the write tests that sign in share: a secret, tokens, an HTTP client, and "nothing written" checks. */
import { SignJWT } from 'jose';
import type { Database } from '../../src/database/driver.js';

export const SECRET = 'test-secret-that-is-at-least-32-bytes-long!';
export const LANCASHIRE = 'lancashire-community-safety-strategy-group';

export interface Answer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

export async function token(claims: Record<string, unknown>, options: { secret?: string; expiresIn?: string; subject?: string } = {}): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(options.subject ?? 'someone@example.org')
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '5m')
    .sign(new TextEncoder().encode(options.secret ?? SECRET));
}

/** A Lancashire editor's token. */
export const lancashireEditor = () => token({ roles: ['editor'], partnership: LANCASHIRE }, { subject: 'editor@lancashire.gov.uk' });

export async function postGraphql(url: string, query: string, variables: Record<string, unknown> = {}, bearer?: string): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

/** Every node and relationship, as text, so "nothing written" is checked exactly. */
export async function graphFingerprint(db: Database): Promise<string> {
  const [row] = await db.run<{ nodes: number; relationships: number; digest: string }>(
    `MATCH (n) WITH count(n) AS nodes, collect(n.id + ':' + coalesce(n.name, '') + ':' + coalesce(toString(n.notes), '')) AS ids
     MATCH ()-[r]->() WITH nodes, ids, count(r) AS relationships
     RETURN nodes, relationships, apoc.util.md5(apoc.coll.sort(ids)) AS digest`,
  );
  return JSON.stringify(row);
}

export async function auditEventCount(db: Database): Promise<number> {
  const [row] = await db.run<{ n: number }>('MATCH (a:AuditEvent) RETURN count(a) AS n');
  return row?.n ?? 0;
}
