/**
 * The schema contract (README, "Schema contract"): every breaking change between the public
 * schema of the last release and today's must be recorded in CHANGELOG.md, in a section above
 * that release, on a line that names it and says how long it was deprecated first.
 *
 * A line names a change by its path in backticks, as GraphQL Inspector writes it (`Query.search`,
 * `ActivityWhere.id_EQ`, `Query.search.text`). A path with `*` (any run of name characters)
 * names many at once, but only removals of what the released schema had already deprecated:
 * a pattern cannot wave through a removal nobody was warned of.
 */
import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import { buildSchema, getNamedType, isEnumType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLSchema, type GraphQLType } from 'graphql';

export interface Breaking {
  readonly path: string;
  readonly message: string;
}

export interface ContractVerdict {
  readonly breaking: readonly Breaking[];
  /** The breaking changes no CHANGELOG.md line records with a deprecation period. */
  readonly unrecorded: readonly Breaking[];
}

/** The version of a release schema file, from its first line: `# Release 0.1.0 …`. */
export function releaseOf(sdl: string): string | undefined {
  return /^# Release ([0-9][0-9A-Za-z.-]*)/.exec(sdl)?.[1];
}

/** The lines of CHANGELOG.md above the heading of `release`: what changed since it. */
export function linesSince(changelog: string, release: string): string[] {
  const lines = changelog.split('\n');
  const heading = lines.findIndex((line) => new RegExp(`^## \\[?${release.replace(/\./g, '\\.')}\\]?(\\s|$)`).test(line));
  if (heading === -1) throw new Error(`CHANGELOG.md has no "## ${release}" heading, the release schema/contract/released.graphql is from`);
  return lines.slice(0, heading);
}

/** The latest release CHANGELOG.md dates: `## 0.1.0 - 2026-12-02`. */
export function latestRelease(changelog: string): string | undefined {
  return /^## \[?([^\s\]]+)\]? - \d{4}-\d{2}-\d{2}/m.exec(changelog)?.[1];
}

function deprecatedPaths(schema: GraphQLSchema): Set<string> {
  const paths = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (field.deprecationReason != null) paths.add(`${type.name}.${field.name}`);
        for (const arg of field.args) if (arg.deprecationReason != null) paths.add(`${type.name}.${field.name}.${arg.name}`);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) if (field.deprecationReason != null) paths.add(`${type.name}.${field.name}`);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) if (value.deprecationReason != null) paths.add(`${type.name}.${value.name}`);
    }
  }
  // A type clients can reach only through deprecated members was deprecated with them: removing
  // it breaks no query the deprecations did not already warn of. Followed to a fixed point, as
  // such a type's own members may be the only way to another (its AND, OR and NOT lead back to itself).
  // Each use names the members whose deprecation covers it: an argument's own, or its field's.
  const uses = new Map<string, { from: string; by: string[] }[]>();
  const use = (named: string, from: string, by: string[]) => uses.set(named, [...(uses.get(named) ?? []), { from, by }]);
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        const path = `${type.name}.${field.name}`;
        use(getNamedType(field.type as GraphQLType).name, type.name, [path]);
        if ('args' in field) for (const arg of field.args) use(getNamedType(arg.type as GraphQLType).name, type.name, [`${path}.${arg.name}`, path]);
      }
    }
  }
  for (let grew = true; grew;) {
    grew = false;
    for (const [named, from] of uses) {
      if (paths.has(named) || from.length === 0) continue;
      if (from.every((reference) => reference.from === named || reference.by.some((path) => paths.has(path)) || paths.has(reference.from))) {
        paths.add(named);
        grew = true;
      }
    }
  }
  return paths;
}

const DEPRECATION_PERIOD = /deprecated (since|in|from) \S+/i;

/** The entries of a Markdown list: a line that starts an item, with the indented lines that continue it. */
function entriesOf(lines: readonly string[]): string[] {
  const entries: string[] = [];
  for (const line of lines) {
    const last = entries.length - 1;
    if (/^\s+\S/.test(line) && !/^\s*[-*+] /.test(line) && last >= 0 && entries[last] !== '') entries[last] += ` ${line.trim()}`;
    else entries.push(line.trim());
  }
  return entries;
}

function recordedBy(entries: readonly string[], path: string, wasDeprecated: boolean): boolean {
  return entries.some((line) => {
    if (!DEPRECATION_PERIOD.test(line)) return false;
    for (const [, named] of line.matchAll(/`([^`]+)`/g)) {
      if (named === path) return true;
      if (named !== undefined && named.includes('*') && wasDeprecated) {
        const pattern = new RegExp(
          `^${named
            .split('*')
            .map((part) => part.replace(/[.]/g, '\\.'))
            .join('[A-Za-z0-9_]*')}$`,
        );
        if (pattern.test(path)) return true;
      }
    }
    return false;
  });
}

/** Diffs the released SDL against today's and checks each breaking change against CHANGELOG.md's lines since that release. */
export async function checkContract(releasedSdl: string, currentSdl: string, linesSinceRelease: readonly string[]): Promise<ContractVerdict> {
  const released = buildSchema(releasedSdl);
  const changes: Change[] = await diff(released, buildSchema(currentSdl));
  const breaking = changes
    .filter((change) => change.criticality.level === CriticalityLevel.Breaking)
    .map((change) => ({ path: change.path ?? change.type, message: change.message }));
  const deprecated = deprecatedPaths(released);
  const entries = entriesOf(linesSinceRelease);
  const unrecorded = breaking.filter((change) => !recordedBy(entries, change.path, deprecated.has(change.path)));
  return { breaking, unrecorded };
}
