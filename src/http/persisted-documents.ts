/**
 * Persisted documents: the explorer's queries (web/api.js), listed by their SHA-256 in
 * web/persisted-documents.json by `npm run generate`. A client may send `documentId=sha256:<hex>`
 * instead of the document, so a shared link is a short GET an HTTP cache can keep and revalidate
 * (ETag, 304). Only these read-only documents run that way: a cross-site GET can start nothing but
 * a read the explorer itself makes, so such a GET needs no preflight-forcing header.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RequestHandler } from 'express';
import { ErrorCode, errorAnswer } from '../errors.js';
import { PROJECT_ROOT } from '../config.js';

export const PERSISTED_DOCUMENTS_FILE = 'web/persisted-documents.json';
const EXPLORER_QUERIES = 'web/api.js';
const PREFIX = 'sha256:';

/** The id of a document: `sha256:` and the hex digest of its exact text. */
export function documentId(document: string): string {
  return `${PREFIX}${createHash('sha256').update(document, 'utf8').digest('hex')}`;
}

/** The explorer's documents by name, as web/api.js exports them. */
export async function explorerQueries(): Promise<Record<string, string>> {
  const module = (await import(pathToFileURL(path.join(PROJECT_ROOT, EXPLORER_QUERIES)).href)) as { QUERIES?: unknown };
  const queries = module.QUERIES;
  if (typeof queries !== 'object' || queries === null) throw new Error(`${EXPLORER_QUERIES} exports no QUERIES object`);
  const named: Record<string, string> = {};
  for (const [name, document] of Object.entries(queries)) {
    if (typeof document !== 'string') throw new Error(`${EXPLORER_QUERIES}: QUERIES.${name} is not a document`);
    named[name] = document;
  }
  return named;
}

/** The manifest's text, made from the explorer's QUERIES (for `npm run generate`). */
export async function renderPersistedDocuments(): Promise<string> {
  const queries = await explorerQueries();
  const manifest: Record<string, string> = {};
  for (const [name, document] of Object.entries(queries)) {
    if (/^\s*(mutation|subscription)\b/.test(document)) throw new Error(`${EXPLORER_QUERIES}: QUERIES.${name} is not a query; only reads may be persisted`);
    manifest[documentId(document)] = document;
  }
  const sorted = Object.fromEntries(Object.entries(manifest).sort(([a], [b]) => a.localeCompare(b)));
  return `${JSON.stringify(sorted, null, 2)}\n`;
}

/** The manifest as committed; empty when the file is absent. */
export function readPersistedDocuments(file = path.join(PROJECT_ROOT, PERSISTED_DOCUMENTS_FILE)): ReadonlyMap<string, string> {
  if (!fs.existsSync(file)) return new Map();
  return new Map(Object.entries(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>));
}

/**
 * Puts the document a `documentId` names where Apollo reads one (the URL of a GET, the body of a
 * POST). An unknown id is refused, as is a request that sends both an id and a document.
 */
export function persistedDocuments(documents: ReadonlyMap<string, string>): RequestHandler {
  return (request, response, next) => {
    const fromBody = request.method === 'POST' && typeof request.body === 'object' && request.body !== null && !Array.isArray(request.body);
    const body = fromBody ? (request.body as Record<string, unknown>) : undefined;
    const id: unknown = body ? body.documentId : request.method === 'GET' ? request.query.documentId : undefined;
    if (request.method === 'GET') {
      // Any cache may keep a GET's answer and must revalidate it (ETag) before reuse; a
      // signed-in caller's answer is theirs alone. A shared link is cheap that way.
      response.setHeader('cache-control', `${request.headers.authorization === undefined && id !== undefined ? 'public' : 'private'}, no-cache`);
    }
    if (id === undefined) {
      next();
      return;
    }
    const refuse = (message: string) => {
      const answer = errorAnswer(ErrorCode.PERSISTED_DOCUMENT_NOT_FOUND, message, { documentId: typeof id === 'string' ? id : null });
      response.status(answer.status).json(answer.body);
    };
    const document = typeof id === 'string' ? documents.get(id) : undefined;
    if (document === undefined) {
      refuse(`No persisted document has the id ${JSON.stringify(id)}; send the document itself as \`query\`, or an id from ${PERSISTED_DOCUMENTS_FILE}.`);
      return;
    }
    if ((body ? body.query : request.query.query) !== undefined) {
      refuse('Send either `documentId` or `query`, not both.');
      return;
    }
    if (body) {
      body.query = document;
      delete body.documentId;
    } else {
      const url = new URL(request.url, 'http://localhost');
      url.searchParams.delete('documentId');
      url.searchParams.set('query', document);
      request.url = `${url.pathname}${url.search}`;
      // A known read-only document: nothing a cross-site request could misuse (see above).
      request.headers['apollo-require-preflight'] = 'persisted';
    }
    next();
  };
}
