/**
 * The explorer: a small offline web page at `/` over the GraphQL operations (search, trace,
 * impact, coverage). Plain files from web/ plus Cytoscape.js and its dagre layout (which bundles
 * dagre) served from node_modules, so the page needs no CDN and no build step.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Router } from 'express';
import { PROJECT_ROOT } from '../config.js';

const WEB_DIR = path.join(PROJECT_ROOT, 'web');
/** Everything the page loads comes from this server. */
const CSP =
  "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export function explorerRouter(): Router {
  const router = express.Router();
  const require = createRequire(import.meta.url);
  // The package's main entry sits in its dist/ folder, next to the browser build.
  const cytoscapeFile = path.join(path.dirname(require.resolve('cytoscape')), 'cytoscape.min.js');
  const dagreFile = path.join(path.dirname(require.resolve('cytoscape-dagre')), 'cytoscape-dagre.min.js');

  router.get('/', (_request, response) => {
    response.set('Content-Security-Policy', CSP).sendFile(path.join(WEB_DIR, 'index.html'));
  });
  router.get('/explorer/vendor/cytoscape.min.js', (_request, response) => {
    response.sendFile(cytoscapeFile, { maxAge: '1d' });
  });
  router.get('/explorer/vendor/cytoscape-dagre.min.js', (_request, response) => {
    response.sendFile(dagreFile, { maxAge: '1d' });
  });
  router.use('/explorer', express.static(WEB_DIR, { index: false, maxAge: 0 }));
  return router;
}
