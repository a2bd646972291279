import fs from 'node:fs';
import path from 'node:path';
import { parseDocument, type YAMLError } from 'yaml';

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

/** More alias expansions than this in one file is refused: a few nested aliases can expand to gigabytes. */
export const MAX_YAML_ALIASES = 100;

/** Every .yaml/.yml file under the given files or folders, in a stable order. */
export function listSeedFiles(targets: readonly string[]): { files: string[]; problems: SeedProblem[] } {
  const files: string[] = [];
  const problems: SeedProblem[] = [];
  // Real paths of the folders already walked: a symbolic link back up the tree would otherwise
  // be followed until the path is too long, and the import would end in a raw ELOOP.
  const visited = new Set<string>();
  const walk = (target: string) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problems.push({ file: target, path: '', reason: code === 'ELOOP' ? 'a symbolic link that leads round in a loop' : code === 'ENOENT' ? 'no such file or folder' : `cannot read (${code ?? 'unknown error'})` });
      return;
    }
    if (stat.isDirectory()) {
      let real: string;
      let entries: string[];
      try {
        real = fs.realpathSync(target);
        entries = fs.readdirSync(target).sort();
      } catch (error) {
        problems.push({ file: target, path: '', reason: `cannot read the folder (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})` });
        return;
      }
      if (visited.has(real)) return;
      visited.add(real);
      for (const entry of entries) {
        const child = path.join(target, entry);
        if (/\.ya?ml$/.test(entry) || isDirectory(child)) walk(child);
      }
    } else {
      files.push(target);
    }
  };
  for (const target of targets) walk(path.resolve(target));
  return { files, problems };
}

/** A folder entry worth walking into; a broken link is left to walk() to report only when it looks like a seed file. */
function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** The first line of a YAML error, its position said once, in words a reviewer reads. */
function yamlReason(error: YAMLError): string {
  const line = error.linePos?.[0].line;
  const where = line === undefined ? '' : ` (line ${line})`;
  if (error.code === 'MULTIPLE_DOCS') return `YAML syntax: a seed file holds one YAML document, and a second one starts here${where}`;
  const first = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
  // The parser is recursive: brackets nested thousands deep exhaust the stack, not the grammar.
  const text = /Maximum call stack size exceeded/.test(first) ? 'the YAML nests too deeply to read' : first;
  return `YAML syntax: ${text}${where}`;
}

/** Parses YAML, reporting unreadable text, syntax errors (with their line) and unknown tags instead of throwing. */
export function parseSeedFile(file: string): { parsed?: ParsedFile; problems: SeedProblem[] } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(fs.readFileSync(file));
  } catch (error) {
    if (error instanceof TypeError) return { problems: [{ file, path: '', reason: 'not UTF-8 text: save the file as UTF-8' }] };
    return { problems: [{ file, path: '', reason: `cannot read: ${(error as Error).message}` }] };
  }
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  // A tag the loader does not know (`!weird 2014-01-01`) is silently read as plain text by YAML;
  // a reviewer would see a value that is not what was meant, so it is refused like an error.
  const issues = [...document.errors, ...document.warnings];
  if (issues.length > 0) {
    const reasons = [...new Set(issues.map(yamlReason))];
    return { problems: reasons.map((reason) => ({ file, path: '', reason })) };
  }
  try {
    return { parsed: { file, data: document.toJS({ maxAliasCount: MAX_YAML_ALIASES }) as unknown }, problems: [] };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const reason = /alias count/i.test(message)
      ? `YAML aliases (*name) expand more than ${MAX_YAML_ALIASES} times; write the values out instead`
      : /Maximum call stack size exceeded/.test(message) ? 'YAML syntax: the YAML nests too deeply to read' : `YAML: ${message}`;
    return { problems: [{ file, path: '', reason }] };
  }
}
