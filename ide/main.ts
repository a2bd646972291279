/**
 * The GraphiQL page at GET /graphql (outside production), bundled by `npm run build:ide`
 * (src/cli/build-ide.ts) into dist/ide/ so the browser loads nothing from another host.
 */
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

// Monaco runs its language services in workers; each is its own bundle beside this one
// (same origin, so the page's CSP needs no blob: or other host for them).
const WORKERS: Record<string, string> = { json: 'json.worker.js', graphql: 'graphql.worker.js' };
globalThis.MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    return new Worker(new URL(WORKERS[label] ?? 'editor.worker.js', import.meta.url));
  },
};

const root = document.getElementById('graphiql');
if (root === null) throw new Error('the page has no #graphiql element');
const endpoint = root.dataset.endpoint ?? '/graphql';
const example = root.dataset.example ?? '{ __typename }';

createRoot(root).render(
  createElement(GraphiQL, {
    // Always a POST with Content-Type: application/json, which Apollo's CSRF rule accepts as it
    // is (the browser would preflight it cross-site); only GETs and simple POSTs need the
    // Apollo-Require-Preflight header, and GraphiQL sends neither.
    fetcher: createGraphiQLFetcher({ url: endpoint }),
    defaultQuery: example,
    // Not needed for GraphiQL's own POSTs (above), but what any GET of a saved query would need;
    // it also shows where a signed-in user adds "Authorization": "Bearer <token>".
    defaultHeaders: '{\n  "Apollo-Require-Preflight": "true"\n}',
    defaultEditorToolsVisibility: true,
  }),
);
