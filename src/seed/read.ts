import fs from 'node:fs';
import path from 'node:path';
import { LIMITS } from '../model/index.js';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLError } from 'yaml';
import { readPlainYaml } from './plain-yaml.js';

export interface SeedProblem {
  readonly file: string;
  /** A JSON pointer into the file (`/relationships/12/quote`), or '' for the whole file. */
  readonly path: string;
  readonly reason: string;
  /** Where in the file, counted from 1, when the file could be read as YAML. */
  readonly line?: number;
  readonly column?: number;
  /** Where in a workbook: the sheet and cell, such as `Activity!C12`. */
  readonly cell?: string;
}

export interface ParsedFile {
  readonly file: string;
  readonly data: unknown;
  /** The file's bytes, for the import's SHA-256 of what it loaded. */
  readonly bytes?: Buffer;
  /** For a workbook: the cell a JSON pointer into `data` came from (src/seed/workbook.ts). */
  readonly locate?: (pointer: string) => string | undefined;
}

/** More alias expansions than this in one file is refused: a few nested aliases can expand to gigabytes. */
export const MAX_YAML_ALIASES = 100;

/** Largest seed file read, from the model's limits; a bigger dataset is split into several files. */
export const SEED_FILE_BYTES = LIMITS.seedFileBytes;

/** A file with this name is a dataset's manifest (src/seed/manifest.ts), not one of its data files. */
export function isManifest(file: string): boolean {
  return /^manifest\.ya?ml$/.test(path.basename(file));
}

/**
 * Every .yaml/.yml file and workbook (.xlsx) under the given files or folders, in a stable order, and which of them
 * were found by walking a folder (rather than named on their own): only a dataset's own folder,
 * walked whole, may replace the dataset. Manifests, given or found, are listed apart.
 */
export function listSeedFiles(targets: readonly string[]): { files: string[]; problems: SeedProblem[]; walked: Set<string>; manifests: string[] } {
  const files: string[] = [];
  const manifests: string[] = [];
  const walked = new Set<string>();
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
        if (isSeedFileName(entry) || isDirectory(child)) walk(child);
      }
    } else if (isManifest(target)) {
      manifests.push(target);
    } else {
      files.push(target);
    }
  };
  for (const target of targets) {
    const before = files.length;
    const resolved = path.resolve(target);
    walk(resolved);
    if (isDirectory(resolved)) for (const file of files.slice(before)) walked.add(file);
  }
  return { files, problems, walked, manifests };
}

/** A seed file's name: YAML, or a workbook (not the `~$name.xlsx` lock file Excel keeps beside an open one). */
function isSeedFileName(name: string): boolean {
  return /\.ya?ml$/.test(name) || (/\.xlsx$/.test(name) && !name.startsWith('~$'));
}

/** A folder entry worth walking into; a broken link is left to walk() to report only when it looks like a seed file. */
function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/**
 * A YAML error in words a policy officer reads: what is wrong and how it is usually mended. The
 * parser's own words ("Unexpected scalar at node end") follow only where no sentence fits.
 */
function yamlSentence(error: YAMLError): string {
  const first = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
  switch (error.code) {
    case 'MULTIPLE_DOCS':
      return 'a seed file holds one YAML document, and a second one starts here';
    case 'BAD_INDENT':
      return /Flow (map|sequence)/.test(first)
        ? `a ${first.includes('map') ? '{' : '['} is not closed with its ${first.includes('map') ? '}' : ']'} (or its next line is not indented enough)`
        : 'the indentation is wrong here: the items of one list, and the keys of one mapping, must start in the same column';
    case 'MISSING_CHAR':
      if (/closing ("|')quote/.test(first)) return 'a quoted text is not closed: add the closing quote mark';
      if (/Missing , between/.test(first)) return 'a comma is missing between two items inside { } or [ ]';
      if (/followed by map values/.test(first)) return 'a name has no ": value" after it';
      if (/without - indicator/.test(first)) return 'a list item has no "- " in front of it';
      return `a character is missing here (${first})`;
    case 'DUPLICATE_KEY':
      return 'the same property is written twice in one mapping; keep one';
    case 'TAB_AS_INDENT':
      return 'a tab is used to indent; YAML indents with spaces only';
    case 'BAD_SCALAR_START':
      return 'a value starts with a character YAML reserves (such as @, ` or %); put the value in quotes';
    case 'BAD_DQ_ESCAPE':
      return 'a backslash in a "double-quoted" text starts an unknown escape; write \\\\ for a backslash, or use single quotes';
    case 'MULTILINE_IMPLICIT_KEY':
      return 'a property name runs onto a second line: a ":" is probably missing after it, or a text above needs quotes';
    case 'BLOCK_AS_IMPLICIT_KEY':
      return 'a second "name: value" is on a line that already has one; put it on its own line, or put the text in quotes';
    case 'UNEXPECTED_TOKEN':
      return /node end|scalar/.test(first)
        ? 'unexpected text after a value: a ":" or a line break is probably missing, or the text needs quotes'
        : `unexpected text here (${first})`;
    case 'TAG_RESOLVE_FAILED':
    case 'BAD_COLLECTION_TYPE':
      return 'an unknown tag (a word starting with !) is used; remove it, or put the value in quotes';
    case 'ALIAS_PROPS':
    case 'BAD_ALIAS':
      return 'an alias (*name) is written wrongly; write the value out instead';
    default:
      // The parser is recursive: brackets nested thousands deep exhaust the stack, not the grammar.
      return /Maximum call stack size exceeded/.test(first) ? 'the YAML nests too deeply to read' : `the YAML cannot be read here (${first})`;
  }
}

function yamlProblem(file: string, error: YAMLError): SeedProblem {
  const at = error.linePos?.[0];
  return { file, path: '', reason: `YAML syntax: ${yamlSentence(error)}`, ...(at ? { line: at.line, column: at.col } : {}) };
}

/** Parses YAML, reporting unreadable text, syntax errors (with their line) and unknown tags instead of throwing. */
export function parseSeedFile(file: string): { parsed?: ParsedFile; problems: SeedProblem[] } {
  let text: string;
  try {
    const size = fs.statSync(file).size;
    if (size > SEED_FILE_BYTES) {
      return { problems: [{ file, path: '', reason: `the file is ${size} bytes, more than the ${SEED_FILE_BYTES} a seed file may be: split it into several files of the same dataset` }] };
    }
    text = new TextDecoder('utf-8', { fatal: true }).decode(fs.readFileSync(file));
  } catch (error) {
    if (error instanceof TypeError) return { problems: [{ file, path: '', reason: 'not UTF-8 text: save the file as UTF-8' }] };
    return { problems: [{ file, path: '', reason: `cannot read: ${(error as Error).message}` }] };
  }
  // Values are kept as a copy: a parser's own take more memory (measured for 300 generated files:
  // 70 MB parsed by `yaml` against 21 MB copied, 13.5 MB by js-yaml against 10.2 MB), and a run of
  // 100,000 entities holds them all until the references are checked.
  const kept = (values: unknown) => ({ parsed: { file, data: structuredClone(values), bytes: Buffer.from(text, 'utf8') }, problems: [] });
  const plain = readPlainYaml(text);
  if (plain !== undefined) return kept(plain);
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  // A tag the loader does not know (`!weird 2014-01-01`) is silently read as plain text by YAML;
  // a reviewer would see a value that is not what was meant, so it is refused like an error.
  const issues = [...document.errors, ...document.warnings];
  if (issues.length > 0) {
    const seen = new Set<string>();
    const problems = issues.map((issue) => yamlProblem(file, issue)).filter((problem) => {
      const key = `${problem.line ?? ''}:${problem.column ?? ''} ${problem.reason}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return { problems };
  }
  try {
    return kept(document.toJS({ maxAliasCount: MAX_YAML_ALIASES }));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const reason = /alias count/i.test(message)
      ? `YAML aliases (*name) expand more than ${MAX_YAML_ALIASES} times; write the values out instead`
      : /Maximum call stack size exceeded/.test(message) ? 'YAML syntax: the YAML nests too deeply to read' : `YAML: ${message}`;
    return { problems: [{ file, path: '', reason }] };
  }
}

/** Where a JSON pointer falls in a YAML document: the deepest node the pointer reaches. */
function nodeAt(document: ReturnType<typeof parseDocument>, pointer: string): { start: number } | undefined {
  let node: unknown = document.contents;
  let start = (document.contents as Node | null)?.range?.[0];
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === segment);
      if (!pair) break;
      const value = pair.value as Node | null;
      // A key with no value (`quote:`) has no range of its own: its key is where the reader looks.
      start = value?.range?.[0] ?? (pair.key as Node).range?.[0] ?? start;
      node = value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)] as Node | undefined;
      if (!item) break;
      start = item.range?.[0] ?? start;
      node = item;
    } else break;
  }
  return start === undefined ? undefined : { start };
}

/**
 * Gives problems their line and column. A file is parsed again only when one of its problems
 * needs a position, so a clean run of 100,000 entities keeps no syntax trees in memory.
 */
export function withPositions(problems: readonly SeedProblem[]): SeedProblem[] {
  const documents = new Map<string, { document: ReturnType<typeof parseDocument>; lines: LineCounter } | null>();
  const load = (file: string) => {
    if (!documents.has(file)) {
      try {
        const lines = new LineCounter();
        const document = parseDocument(fs.readFileSync(file, 'utf8'), { lineCounter: lines, keepSourceTokens: true });
        documents.set(file, { document, lines });
      } catch {
        documents.set(file, null);
      }
    }
    return documents.get(file) ?? null;
  };
  return problems.map((problem) => {
    if (problem.line !== undefined) return problem;
    const loaded = /\.ya?ml$/.test(problem.file) ? load(problem.file) : null;
    const at = loaded ? nodeAt(loaded.document, problem.path) : undefined;
    if (!loaded || !at) return problem;
    const { line, col } = loaded.lines.linePos(at.start);
    return { ...problem, line, column: col };
  });
}

/** `file:line:column: sentence (pointer)` (`file.xlsx:Sheet!B12: …` in a workbook), the form editors and tools both read. */
export function formatProblem(problem: SeedProblem): string {
  const where = problem.cell !== undefined ? `${problem.file}:${problem.cell}` : problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
  return `${where}: ${problem.reason}${problem.path ? ` (${problem.path})` : ''}`;
}
