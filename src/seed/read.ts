import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';

export interface SeedProblem {
  readonly file: string;
  /** A JSON pointer into the file (`/relationships/12/quote`), or '' for the whole file. */
  readonly path: string;
  readonly reason: string;
}

export interface ParsedFile {
  readonly file: string;
  readonly data: unknown;
}

/** Every .yaml/.yml file under the given files or folders, in a stable order. */
export function listSeedFiles(targets: readonly string[]): { files: string[]; problems: SeedProblem[] } {
  const files: string[] = [];
  const problems: SeedProblem[] = [];
  const walk = (target: string) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(target);
    } catch {
      problems.push({ file: target, path: '', reason: 'no such file or folder' });
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(target).sort()) {
        const child = path.join(target, entry);
        if (fs.statSync(child).isDirectory() || /\.ya?ml$/.test(entry)) walk(child);
      }
    } else {
      files.push(target);
    }
  };
  for (const target of targets) walk(path.resolve(target));
  return { files, problems };
}

/** Parses YAML, reporting syntax errors with their line instead of throwing. */
export function parseSeedFile(file: string): { parsed?: ParsedFile; problems: SeedProblem[] } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return { problems: [{ file, path: '', reason: `cannot read: ${(error as Error).message}` }] };
  }
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (document.errors.length > 0) {
    return {
      problems: document.errors.map((error) => ({
        file,
        path: '',
        reason: `YAML syntax: ${error.message.split('\n')[0]}${error.linePos ? ` (line ${error.linePos[0].line})` : ''}`,
      })),
    };
  }
  return { parsed: { file, data: document.toJS({ maxAliasCount: 100 }) as unknown }, problems: [] };
}
