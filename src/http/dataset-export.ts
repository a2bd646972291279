/**
 * A dataset as it is in the graph now, to download: `GET /datasets/:dataset/export.xlsx` (the
 * workbook an officer edits and uploads again) and `/export.yaml` (one seed file). The graph is
 * public, so no credentials are asked for; the files are what `npm run export` writes.
 */
import express, { type Response, type Router } from 'express';
import pLimit from 'p-limit';
import type { Database } from '../database/driver.js';
import { ErrorCode, errorAnswer, isGoldenThreadError } from '../errors.js';
import type { Logger } from '../logger.js';
import { exportDataset, seedYaml } from '../seed/export.js';
import type { SeedFile } from '../seed/model.js';
import { writeWorkbook } from '../seed/workbook.js';

/** A dataset name as the seed format writes it (its folder's name). */
const DATASET_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DATASET_NAME_MAX = 200;
/**
 * Building a workbook takes about a second of CPU for the largest seeded dataset (seconds on a
 * loaded machine): one is built at a time, and a few more wait; past that a caller is asked to
 * come back rather than queue the server's CPU for everyone.
 */
const WAITING = 4;
const RETRY_SECONDS = 5;

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function send(response: Response, code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): void {
  const answer = errorAnswer(code, message, extensions);
  response.status(answer.status).json(answer.body);
}

export function datasetExportRouter(database: Database, logger?: Logger): Router {
  const router = express.Router();
  const one = pLimit(1);

  const serve = (format: 'xlsx' | 'yaml', render: (data: SeedFile) => Promise<Buffer | string>) => async (request: express.Request, response: Response) => {
    const dataset = String(request.params.dataset ?? '');
    const missing = () =>
      send(response, ErrorCode.NOT_FOUND, `No dataset "${dataset.slice(0, DATASET_NAME_MAX)}" in the graph.`, { dataset: dataset.slice(0, DATASET_NAME_MAX) });
    if (dataset.length > DATASET_NAME_MAX || !DATASET_NAME.test(dataset)) {
      missing();
      return;
    }
    if (one.pendingCount >= WAITING) {
      response.set('Retry-After', String(RETRY_SECONDS));
      send(response, ErrorCode.RATE_LIMITED, `Too many exports at once; try again in ${RETRY_SECONDS} s.`, { retryAfterSeconds: RETRY_SECONDS });
      return;
    }
    try {
      const body = await one(async () => {
        const data = await exportDataset(database, dataset);
        return data === undefined ? undefined : render(data);
      });
      if (body === undefined) {
        missing();
        return;
      }
      response
        .status(200)
        .set('Cache-Control', 'no-store')
        // attachment() sets a type from the extension (text/yaml), so the registered one is set after it.
        .attachment(`${dataset}.${format}`)
        .type(format === 'xlsx' ? XLSX_TYPE : 'application/yaml; charset=utf-8')
        .send(body);
    } catch (error) {
      if (isGoldenThreadError(error)) {
        send(response, error.code, error.message);
        return;
      }
      logger?.error({ err: error, dataset }, 'dataset export failed');
      send(response, ErrorCode.INTERNAL_SERVER_ERROR, 'The export failed; the server log says why.');
    }
  };

  router.get(
    '/datasets/:dataset/export.xlsx',
    serve('xlsx', (data) => writeWorkbook([data])),
  );
  router.get(
    '/datasets/:dataset/export.yaml',
    serve('yaml', async (data) => seedYaml(data)),
  );
  return router;
}
