/**
 * GraphiQL at GET /graphql outside production: a page that loads the bundle `npm run build:ide`
 * wrote to dist/ide/ (src/cli/build-ide.ts), served from /ide/. Nothing comes from another host.
 */
import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import { PROJECT_ROOT } from '../config.js';

export const IDE_BUILD_DIR = path.join(PROJECT_ROOT, 'dist', 'ide');
/** The files the page needs; the build writes them all, the page is served only when they exist. */
export const IDE_FILES = ['graphiql.js', 'graphiql.css', 'editor.worker.js', 'json.worker.js', 'graphql.worker.js'];

/**
 * Everything from this server. Monaco and GraphiQL set element styles and add <style> elements
 * at run time, hence 'unsafe-inline' for styles only; its workers are our own files (worker-src
 * 'self'), so neither blob: nor 'unsafe-eval' is needed. Fonts and images may be data: URLs
 * inside the CSS bundle.
 */
export const IDE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const EXAMPLE = `{
  activities(where: { agreement: { some: { id: { eq: "lancashire-csa-2014-2016" } } } }, sort: [{ number: ASC }], limit: 3) {
    id
    number
    name
    contributesTo { id name }
  }
}`;

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function ideIsBuilt(): boolean {
  return IDE_FILES.every((file) => fs.existsSync(path.join(IDE_BUILD_DIR, file)));
}

/** The page at GET /graphql: GraphiQL when built, else how to build it and how to query without it. */
export function idePage(endpoint: string): string {
  const head = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Golden Thread GraphQL API</title>`;
  if (!ideIsBuilt()) {
    return `${head}
</head>
<body>
<h1>Golden Thread GraphQL API</h1>
<p>The GraphiQL page is not built here: run <code>npm run build:ide</code> (<code>npm start</code> runs it) and reload.</p>
<p>Meanwhile, POST GraphQL to <code>${endpoint}</code> with <code>Content-Type: application/json</code>, for example:</p>
<pre>curl -s ${endpoint} -H 'content-type: application/json' -d '{"query":"{ agreements { id name } }"}'</pre>
<p>The schema is published at <a href="/schema.graphql">/schema.graphql</a>; the explorer is at <a href="/">/</a>.</p>
</body>
</html>`;
  }
  return `${head}
<link rel="stylesheet" href="/ide/graphiql.css">
<link rel="stylesheet" href="/ide/page.css">
</head>
<body>
<header><strong>Golden Thread GraphQL API</strong> · <a href="/">Explorer</a> · <a href="/schema.graphql">Schema (SDL)</a></header>
<div id="graphiql" data-endpoint="${escapeAttribute(endpoint)}" data-example="${escapeAttribute(EXAMPLE)}"></div>
<script type="module" src="/ide/graphiql.js"></script>
</body>
</html>`;
}

const PAGE_CSS = `html, body { height: 100%; margin: 0; }
body { display: flex; flex-direction: column; font: 14px/1.5 system-ui, sans-serif; }
header { padding: .4rem .8rem; border-bottom: 1px solid #ddd; }
#graphiql { flex: 1; min-height: 0; }
`;

/** The bundle's files under /ide/; off in production, like the page. */
export function ideRouter(): Router {
  const router = express.Router();
  router.get('/ide/page.css', (_request, response) => void response.type('css').send(PAGE_CSS));
  router.use('/ide', express.static(IDE_BUILD_DIR, { index: false, maxAge: 0, fallthrough: true }));
  return router;
}
