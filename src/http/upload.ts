/**
 * `POST /datasets/:dataset/upload`: an editor loads their partnership's dataset (YAML files, or a
 * workbook once the seed readers read one) without shell access. The files are checked as
 * `npm run validate` checks them and compared with the graph; the first answer is that dry run
 * with a `plan`, and the same upload sent again with `confirm=<plan>` is applied, in one
 * transaction with its audit event, only if it would still do exactly what the dry run showed.
 * The plan is a hash, not a stored draft, so any API process serving the database can confirm it.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import express, { type Request, type Response, type Router } from 'express';
import { GraphQLError } from 'graphql';
import multer from 'multer';
import { cypher } from '../database/cypher.js';
import type { Database } from '../database/driver.js';
import { ErrorCode, errorAnswer, GoldenThreadError, HTTP_STATUS, type ErrorExtensions } from '../errors.js';
import type { Logger } from '../logger.js';
import { LIMITS, OWNERSHIP } from '../model/index.js';
import type { Claims, CredentialCheck } from '../schema/credentials.js';
import { requireEditor } from '../schema/ownership.js';
import { checkTargets, type CheckedFiles } from '../seed/check.js';
import { describeReport, importSeed, SeedInvalidError, type DatasetDiff } from '../seed/import.js';
import { formatProblem, type SeedProblem } from '../seed/read.js';
import { relationshipKey, removalRefusal, uploadRefusal, type OwnedEntity, type UploadRefusal } from './upload-ownership.js';

/** Files one upload may carry: a dataset is a few files (Lancashire's has 10) or one workbook. */
export const MAX_UPLOAD_FILES = 20;
/** Bytes of one uploaded file: the seed's own limit, so an upload is refused where an import would be. */
export const MAX_UPLOAD_FILE_BYTES = LIMITS.seedFileBytes;
/** A plain file name with a seed file's extension: nothing a path could be built from. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.(yaml|yml|xlsx)$/;
const DATASET = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/**
 * Apollo's CSRF prevention asks a request with a simple content type (multipart/form-data is one)
 * to carry one of these headers, which a cross-site form cannot send without a preflight.
 */
const PREFLIGHT_HEADERS = ['apollo-require-preflight', 'x-apollo-operation-name'];
const PLAN = /^[0-9a-f]{64}$/;

export interface UploadDependencies {
  readonly database: Database;
  readonly checkCredentials: CredentialCheck;
  readonly logger: Logger;
}

/** A refusal with its code and what a client reads beside it; a GoldenThreadError, so an import passes it through unchanged. */
class Refusal extends GoldenThreadError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly extensions: ErrorExtensions = {},
  ) {
    super(code, message);
  }
}

const send = (response: Response, code: ErrorCode, message: string, extensions: ErrorExtensions = {}): void => {
  const answer = errorAnswer(code, message, extensions);
  response.status(answer.status).json(answer.body);
};

const figure = (n: number): string => n.toLocaleString('en-GB');

/** Who is uploading: refused before a byte of the body is read. */
async function signedIn(request: Request, checkCredentials: CredentialCheck): Promise<Claims> {
  if (!PREFLIGHT_HEADERS.some((name) => (request.headers[name] ?? '') !== '')) {
    throw new Refusal(
      ErrorCode.BAD_REQUEST,
      `An upload must carry the header "Apollo-Require-Preflight: true" (or X-Apollo-Operation-Name), as the GraphQL endpoint asks of a form-like request, so that another site's page cannot send one.`,
    );
  }
  try {
    return requireEditor(await checkCredentials(request.headers.authorization), 'Uploading a dataset');
  } catch (error) {
    if (error instanceof GraphQLError) throw new Refusal((error.extensions.code as ErrorCode | undefined) ?? ErrorCode.UNAUTHENTICATED, error.message);
    throw error;
  }
}

/** The multipart body, in memory, within the limits; multer's own errors become sentences. */
function receive(request: Request, response: Response): Promise<Express.Multer.File[]> {
  const parse = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: MAX_UPLOAD_FILE_BYTES, files: MAX_UPLOAD_FILES, fields: 8, fieldSize: 1_024, parts: MAX_UPLOAD_FILES + 8 },
  }).array('files', MAX_UPLOAD_FILES);
  return new Promise((resolve, reject) => {
    parse(request, response, (error: unknown) => {
      if (error instanceof multer.MulterError) {
        if (error.code === 'LIMIT_FILE_SIZE') {
          reject(
            new Refusal(
              ErrorCode.PAYLOAD_TOO_LARGE,
              `A file is larger than ${figure(MAX_UPLOAD_FILE_BYTES)} bytes, the most one seed file may be: split the dataset into several files.`,
              { limitBytes: MAX_UPLOAD_FILE_BYTES },
            ),
          );
        } else if (error.code === 'LIMIT_FILE_COUNT' || (error.code === 'LIMIT_UNEXPECTED_FILE' && error.field === 'files')) {
          reject(new Refusal(ErrorCode.PAYLOAD_TOO_LARGE, `An upload may carry at most ${MAX_UPLOAD_FILES} files.`, { limitFiles: MAX_UPLOAD_FILES }));
        } else if (error.code === 'LIMIT_UNEXPECTED_FILE') {
          reject(new Refusal(ErrorCode.BAD_REQUEST, `Files go in the form field "files", not "${error.field ?? ''}".`));
        } else {
          reject(new Refusal(ErrorCode.BAD_REQUEST, `The form cannot be read: ${error.message}.`));
        }
      } else if (error) {
        reject(new Refusal(ErrorCode.BAD_REQUEST, `The form cannot be read: ${error instanceof Error ? error.message : String(error)}.`));
      } else {
        resolve(Array.isArray(request.files) ? request.files : []);
      }
    });
  });
}

/** A yes/no form field: absent is no. */
function flag(body: Record<string, unknown>, name: string): boolean {
  const value = body[name];
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  throw new Refusal(ErrorCode.BAD_USER_INPUT, `The field "${name}" must be true or false.`);
}

interface UploadForm {
  readonly files: readonly { name: string; bytes: Buffer }[];
  readonly replace: boolean;
  readonly overwriteApiEdits: boolean;
  readonly confirm: string | undefined;
}

function readForm(files: readonly Express.Multer.File[], body: Record<string, unknown>): UploadForm {
  if (files.length === 0) throw new Refusal(ErrorCode.BAD_USER_INPUT, 'No files: send the dataset as multipart/form-data, each file in the field "files".');
  const names = new Set<string>();
  for (const file of files) {
    if (!FILE_NAME.test(file.originalname)) {
      throw new Refusal(
        ErrorCode.BAD_USER_INPUT,
        `"${file.originalname}" is not a name this upload accepts: a .yaml, .yml or .xlsx file named with letters, digits, ".", "_" and "-" only.`,
      );
    }
    if (names.has(file.originalname)) throw new Refusal(ErrorCode.BAD_USER_INPUT, `"${file.originalname}" is sent twice.`);
    names.add(file.originalname);
  }
  const confirm = body.confirm;
  if (confirm !== undefined && (typeof confirm !== 'string' || !PLAN.test(confirm))) {
    throw new Refusal(ErrorCode.BAD_USER_INPUT, 'The field "confirm" must be the plan (64 hexadecimal digits) that the dry run of this upload answered.');
  }
  return {
    files: files.map((file) => ({ name: file.originalname, bytes: file.buffer })).sort((a, b) => a.name.localeCompare(b.name)),
    replace: flag(body, 'replace'),
    overwriteApiEdits: flag(body, 'overwriteApiEdits'),
    confirm,
  };
}

/** Problems as the client reads them: file names as uploaded, never the server's temporary folder. */
function problemsAnswer(problems: readonly SeedProblem[], folder: string) {
  const local = (text: string) => text.split(`${folder}${path.sep}`).join('').split(folder).join('(upload)');
  return problems.map((problem) => {
    const shown = { ...problem, file: local(problem.file), reason: local(problem.reason) };
    return { file: shown.file, line: shown.line ?? null, column: shown.column ?? null, pointer: shown.path, reason: shown.reason, text: formatProblem(shown) };
  });
}

async function owners(database: Database, ids: Iterable<string>): Promise<Map<string, OwnedEntity>> {
  const rows = await database.run<{ id: string; dataset: string | null; partnership: string | null }>(cypher('seed/existing-entities'), {
    ids: [...new Set(ids)],
  });
  return new Map(rows.map((row) => [row.id, { partnership: row.partnership ?? null, dataset: row.dataset ?? null }]));
}

function refuse(refusal: UploadRefusal | undefined): void {
  if (!refusal) return;
  const shown = refusal.reasons.slice(0, 20);
  const more = refusal.reasons.length - shown.length;
  throw new Refusal(ErrorCode.FORBIDDEN, `${shown.join(' ')}${more > 0 ? ` And ${more} more.` : ''} Nothing was written.`, {
    ids: refusal.ids,
    reasons: refusal.reasons,
  });
}

/**
 * The checks that need the graph and an editor: whose entities the upload would add or change, and
 * whose relationships it would make, change or take away. Run inside the import's transaction, on
 * its diff, so what the files restate unchanged (shared bodies' links the dataset states) passes.
 */
async function refuseForeign(database: Database, checked: CheckedFiles, dataset: string, claims: Claims, diffs: readonly DatasetDiff[]): Promise<void> {
  if (claims.roles.includes(OWNERSHIP.adminRole)) return;
  const mine = claims.partnership ?? '';
  const entities = new Set(diffs.flatMap((diff) => [...diff.entities.added, ...diff.entities.changed]));
  const relationships = diffs.flatMap((diff) => [...diff.relationships.added, ...diff.relationships.changed]);
  const removed = diffs.flatMap((diff) => diff.relationships.removed);
  const named = new Set<string>([...entities, ...[...relationships, ...removed].flatMap(({ from, to }) => [from, to])]);
  const graph = await owners(database, named);
  const holders = await database.run<{ partnership: string | null }>(cypher('upload/dataset-owners'), { dataset });
  const changes = { entities, relationships: new Set(relationships.map(relationshipKey)) };
  refuse(
    uploadRefusal(
      checked.run,
      dataset,
      mine,
      graph,
      holders.map((row) => row.partnership ?? null),
      changes,
    ),
  );
  if (removed.length > 0) refuse(removalRefusal(removed, mine, graph));
}

/** SHA-256 of the uploaded bytes in name order: for one file, what `sha256sum` prints for it. */
function uploadHash(files: UploadForm['files']): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(file.bytes);
  return hash.digest('hex');
}

/** The plan a confirmation must quote: what was sent (names and bytes), how, and the diff it makes now. */
function planOf(form: UploadForm, diffs: readonly DatasetDiff[]): string {
  const files = form.files.map((file) => [file.name, createHash('sha256').update(file.bytes).digest('hex')]);
  return createHash('sha256')
    .update(JSON.stringify({ files, replace: form.replace, overwriteApiEdits: form.overwriteApiEdits, diffs }))
    .digest('hex');
}

async function upload(deps: UploadDependencies, request: Request, response: Response): Promise<void> {
  const claims = await signedIn(request, deps.checkCredentials);
  const dataset = String(request.params.dataset ?? '');
  if (!DATASET.test(dataset))
    throw new Refusal(ErrorCode.BAD_USER_INPUT, `"${dataset}" is not a dataset name: lowercase letters and digits in words joined by hyphens.`);
  const form = readForm(await receive(request, response), (request.body ?? {}) as Record<string, unknown>);
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'gt-upload-'));
  let plan = '';
  try {
    const paths: string[] = [];
    for (const file of form.files) {
      const target = path.join(folder, file.name);
      await fs.writeFile(target, file.bytes, { mode: 0o600, flag: 'wx' });
      paths.push(target);
    }
    const checked = await checkTargets(paths);
    if (checked.problems.length > 0) throw new SeedInvalidError(checked.problems);
    const others = [...checked.run.datasets].filter(([name]) => name !== dataset);
    if (others.length > 0) {
      const files = others.flatMap(([, list]) => list.map((file) => path.basename(file)));
      throw new Refusal(
        ErrorCode.BAD_USER_INPUT,
        `This upload is for dataset "${dataset}", but ${files.join(', ')} ${files.length === 1 ? 'says' : 'say'} "dataset: ${others[0]?.[0] ?? ''}"; upload one dataset at a time.`,
      );
    }
    const sha256 = uploadHash(form.files);
    const report = await importSeed(deps.database, form.replace ? { ...checked, whole: new Set([dataset]) } : checked, {
      dryRun: form.confirm === undefined,
      actor: claims.sub,
      overwriteApiEdits: form.overwriteApiEdits,
      upload: {
        roles: claims.roles,
        actorPartnership: claims.partnership ?? null,
        sha256,
        review: async (diffs) => {
          await refuseForeign(deps.database, checked, dataset, claims, diffs);
          plan = planOf(form, diffs);
          if (form.confirm !== undefined && form.confirm !== plan) {
            throw new GoldenThreadError(
              ErrorCode.PLAN_STALE,
              'The graph has changed since the dry run of this upload, so it would no longer do what that dry run showed; nothing was written. Look at the new dry run and confirm that instead.',
            );
          }
        },
      },
    });
    const diff = report.diffs[0];
    response.json({
      dataset,
      dryRun: report.dryRun,
      applied: !report.dryRun,
      replace: form.replace,
      overwriteApiEdits: form.overwriteApiEdits,
      files: form.files.map((file) => file.name),
      uploadSha256: sha256,
      ...(report.dryRun ? { plan } : {}),
      diff,
      lines: describeReport(report).map((line) => line.split(folder).join('(upload)')),
    });
    deps.logger.info({ dataset, dryRun: report.dryRun, uploadSha256: sha256, ms: report.ms }, report.dryRun ? 'upload checked' : 'upload applied');
  } catch (error) {
    if (error instanceof SeedInvalidError) {
      throw new Refusal(
        ErrorCode.BAD_USER_INPUT,
        `The upload has ${figure(error.problems.length)} problem${error.problems.length === 1 ? '' : 's'}; nothing was written.`,
        {
          problems: problemsAnswer(error.problems, folder),
        },
      );
    }
    if (error instanceof GoldenThreadError && error.code === ErrorCode.PLAN_STALE) throw new Refusal(error.code, error.message, { plan });
    throw error;
  } finally {
    await fs.rm(folder, { recursive: true, force: true });
  }
}

/** The upload route; mounted by src/http/server.ts when the application gives it a database. */
export function uploadRouter(deps: UploadDependencies): Router {
  const router = express.Router();
  router.post('/datasets/:dataset/upload', async (request, response) => {
    try {
      await upload(deps, request, response);
    } catch (error) {
      if (error instanceof Refusal) {
        send(response, error.code, error.message, error.extensions);
      } else if (error instanceof GoldenThreadError && HTTP_STATUS[error.code] < 500) {
        send(response, error.code, error.message);
      } else if (error instanceof GoldenThreadError && (error.code === ErrorCode.DATABASE_UNAVAILABLE || error.code === ErrorCode.DATABASE_TIMEOUT)) {
        send(response, error.code, `${error.message} Nothing was written.`);
      } else {
        deps.logger.error({ err: error }, 'upload failed');
        send(response, ErrorCode.INTERNAL_SERVER_ERROR, 'The upload failed on the server; nothing was written.');
      }
    }
  });
  return router;
}
