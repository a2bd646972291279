/**
 * The named queries of cypher/queries with the golden thread's shared rules put in place: a
 * query writes `{{inForce r}}` or `{{national s}}` where the rule applies, and the rule's text
 * comes from the domain model (src/model/thread.ts), so it is written once for every query.
 * Fragments are constants of the model, never input.
 */
import { cypher } from '../database/cypher.js';
import { CYPHER_FRAGMENTS, threadParameters, type ThreadParameters } from '../model/index.js';

const FRAGMENT = /\{\{(\w+) ([^}]+)\}\}/g;
const cache = new Map<string, string>();

/** The query cypher/queries/NAME.cypher, its fragments expanded; an unknown fragment throws. */
export function query(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = cypher(`queries/${name}`).replace(FRAGMENT, (_, fragment: string, variable: string) => {
      const render = CYPHER_FRAGMENTS[fragment];
      if (render === undefined) throw new Error(`cypher/queries/${name}.cypher uses an unknown fragment {{${fragment}}}.`);
      return render(variable.trim());
    });
    cache.set(name, text);
  }
  return text;
}

/** The thread's grammar as the $thread parameter of trace and impact. */
export const THREAD: ThreadParameters = threadParameters();
