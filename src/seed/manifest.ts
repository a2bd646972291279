import fs from 'node:fs';
import path from 'node:path';
import { isManifest, parseSeedFile, type SeedProblem } from './read.js';

export interface ManifestFiles {
  /** The data files the manifests list, in name order per manifest. */
  readonly files: string[];
  /** For each listed file, the dataset its manifest names and the manifest. */
  readonly listedBy: Map<string, { dataset: string; manifest: string }>;
  readonly problems: SeedProblem[];
}

const DATASET = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const FILE_NAME = /^[^/\\]+\.ya?ml$/;

/**
 * Reads manifests (`dataset:` and `files:`, the data files' names in the manifest's folder).
 * Giving a manifest replaces its dataset with exactly the files it lists, as giving the folder
 * does, so a listed file that is not there, and a YAML file in the folder that is not listed
 * (whose entities would otherwise be removed without anyone having said so), are errors naming it.
 */
export function readManifests(manifests: readonly string[]): ManifestFiles {
  const files: string[] = [];
  const listedBy = new Map<string, { dataset: string; manifest: string }>();
  const problems: SeedProblem[] = [];
  for (const manifest of manifests) {
    const { parsed, problems: parseProblems } = parseSeedFile(manifest);
    problems.push(...parseProblems);
    if (!parsed) continue;
    const problem = (pointer: string, reason: string) => problems.push({ file: manifest, path: pointer, reason });
    const data = parsed.data as { dataset?: unknown; files?: unknown } | null;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      problem('', 'a manifest is a YAML mapping with "dataset" (the dataset\'s name) and "files" (the names of its files in this folder)');
      continue;
    }
    for (const key of Object.keys(data)) if (key !== 'dataset' && key !== 'files') problem(`/${key}`, `"${key}" is not a property a manifest may have (only "dataset" and "files")`);
    const dataset = data.dataset;
    if (typeof dataset !== 'string' || !DATASET.test(dataset)) {
      problem('/dataset', '"dataset" must be a dataset name: lowercase letters and digits in words joined by hyphens, such as lancashire-csa-2014-2016');
      continue;
    }
    if (!Array.isArray(data.files) || data.files.length === 0) {
      problem('/files', '"files" must list the dataset\'s files (lines starting "- ", each a file name in this folder)');
      continue;
    }
    const folder = path.dirname(manifest);
    const names = new Set<string>();
    data.files.forEach((name: unknown, index) => {
      const pointer = `/files/${index}`;
      if (typeof name !== 'string' || !FILE_NAME.test(name) || isManifest(name)) {
        problem(pointer, 'each listed file must be the name of a .yaml file in the manifest\'s folder, such as activities.yaml');
      } else if (names.has(name)) {
        problem(pointer, `"${name}" is listed twice; list it once`);
      } else if (!fs.existsSync(path.join(folder, name))) {
        names.add(name);
        problem(pointer, `"${name}" is listed, but there is no such file in ${folder}`);
      } else {
        names.add(name);
      }
    });
    for (const entry of fs.readdirSync(folder).sort()) {
      if (FILE_NAME.test(entry) && !isManifest(entry) && !names.has(entry)) {
        problem('/files', `"${entry}" is in the manifest's folder but not in its list: add it to "files", or move it out of the folder (giving the manifest replaces dataset "${dataset}" with exactly the files it lists)`);
      }
    }
    for (const name of [...names].sort()) {
      const file = path.join(folder, name);
      if (!fs.existsSync(file) || listedBy.has(file)) continue;
      files.push(file);
      listedBy.set(file, { dataset, manifest });
    }
  }
  return { files, listedBy, problems };
}
