/**
 * The fast reader for seed files: js-yaml, about five times quicker than the `yaml` library, for the
 * plain YAML every seed file is written in. The `yaml` library stays the authority: it reads
 * anything outside that subset, reports every problem (with the sentences and positions in
 * read.ts), and applies the alias limit. The subset is where the two are known to agree
 * (test/unit/plain-yaml.test.ts reads every seed file and a list of edge cases both ways):
 *
 * - one document, no directives (`%YAML 1.1` changes what `yes` means);
 * - no tags (`!!float 1`, `!weird`): the two libraries know different tags;
 * - no anchors or aliases: `yaml` counts alias expansions against a limit, js-yaml shares objects;
 * - every mapping key a scalar, and never a plain null (`null: x` is the key "" to `yaml`).
 *
 * Whatever js-yaml refuses (duplicate keys, bad indentation, too deep) also goes to `yaml`, which
 * says why in an officer's words.
 */
import { constructFromEvents, EVENT_ID, parseEvents, SCALAR_STYLE, type Event } from 'js-yaml';

/** Plain scalars `yaml` reads as null: as a mapping key it becomes "", where js-yaml writes "null". */
const PLAIN_NULL = /^(?:~|null|Null|NULL|)$/;

/** The file's values, or undefined when the text is not plain YAML (or js-yaml refuses it): read it with `yaml`. */
export function readPlainYaml(text: string): unknown {
  let events: Event[];
  try {
    events = parseEvents(text, {});
  } catch {
    return undefined;
  }
  if (!isPlain(events, text)) return undefined;
  try {
    const documents = constructFromEvents(events, { source: text, maxAliases: 0 });
    return documents.length === 1 ? documents[0] : undefined;
  } catch {
    return undefined;
  }
}

function isPlain(events: readonly Event[], text: string): boolean {
  // Per open collection: whether it is a mapping, and how many nodes it has seen (even = a key comes next).
  const open: { mapping: boolean; nodes: number }[] = [];
  let documents = 0;
  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        documents += 1;
        if (documents > 1 || event.directives.length > 0) return false;
        continue;
      case EVENT_ID.POP:
        open.pop();
        continue;
      case EVENT_ID.ALIAS:
        return false;
      default:
        break;
    }
    if (event.tagStart >= 0 || event.anchorStart >= 0) return false;
    const parent = open.at(-1);
    if (parent) {
      const isKey = parent.mapping && parent.nodes % 2 === 0;
      parent.nodes += 1;
      if (isKey) {
        if (event.type !== EVENT_ID.SCALAR) return false;
        if (event.style === SCALAR_STYLE.PLAIN && PLAIN_NULL.test(text.slice(event.valueStart, event.valueEnd))) return false;
      }
    }
    if (event.type !== EVENT_ID.SCALAR) open.push({ mapping: event.type === EVENT_ID.MAPPING, nodes: 0 });
  }
  return documents === 1;
}
