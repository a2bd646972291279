/**
 * coverage and alignment read the golden thread with fixed Cypher patterns; these checks fail
 * when a pattern differs from the grammar in src/model/thread.ts: a relationship the thread does
 * not have, a step walked against its direction, or a step taken further from the activity than
 * its maxPosition allows (issue 15 item 1).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { isLastStep, PARTNERSHIP, stepReaches, THREAD_STEPS, THREAD_STOPS, threadParameters, TRACE_MAX_HOPS } from '../../src/model/index.js';

const READERS = ['coverage', 'alignment'];
const STEP = new Map(THREAD_STEPS.map((s) => [s.type as string, s]));
/**
 * Relationships a reader may use to find the partnership's own things, outside the thread itself:
 * its bodies (MADE_BY, MEMBER_OF, a board PART_OF another), the agreement's outcomes, and the
 * strategies it cites (coverage credits a local one).
 */
const PARTNERSHIP_TYPES: readonly string[] = [PARTNERSHIP.madeBy, PARTNERSHIP.memberOf, 'PART_OF', 'HAS_OUTCOME', 'CITES'];

interface Hop {
  readonly types: readonly string[];
  /** 'out' when the pattern goes from left to right along the stored direction. */
  readonly arrow: 'out' | 'in';
  readonly min: number;
  readonly max: number;
}

const HOP = /(<?)-\[\w*:([A-Z_|]+)(?:\*(\d*)\.\.(\d+))?\]-(>?)/g;

/** The hops of one path pattern, left to right. */
function hops(pattern: string): Hop[] {
  return [...pattern.matchAll(HOP)].map((m) => ({
    types: (m[2] ?? '').split('|'),
    arrow: m[5] === '>' ? 'out' : 'in',
    min: m[3] === undefined ? 1 : Number(m[3] === '' ? 1 : m[3]),
    max: m[4] === undefined ? 1 : Number(m[4]),
  }));
}

/** Path patterns anchored at an activity: `(x)-...` read left to right, `...->(x)` turned round. */
function fromActivity(text: string): Hop[][] {
  const found: Hop[][] = [];
  for (const m of text.matchAll(/\(x\)((?:<?-\[[^\]]*\]->?\([^)]*\))+)/g)) found.push(hops(m[1] ?? ''));
  for (const m of text.matchAll(/\((\w+)\)(-\[[^\]]*\]->?)\(x\)/g)) {
    if (m[1] === 'x') continue;
    found.push(hops(m[2] ?? '').map((h) => ({ ...h, arrow: h.arrow === 'out' ? 'in' : 'out' })));
  }
  return found;
}

/** Where a pattern breaks the grammar, in words; empty when it walks the thread. */
function breaches(pattern: readonly Hop[]): string[] {
  const problems: string[] = [];
  let position = 0;
  for (const hop of pattern) {
    for (const type of hop.types) {
      const step = STEP.get(type);
      if (step === undefined) problems.push(`${type} is not a step of the thread`);
      else if (step.direction !== hop.arrow) problems.push(`${type} is walked ${hop.arrow}, the thread walks it ${step.direction}`);
      else if (step.maxPosition !== undefined && position + hop.max - 1 > step.maxPosition)
        problems.push(`${type} at position ${position + hop.max - 1}, past its maxPosition ${step.maxPosition}`);
    }
    position += hop.max;
  }
  return problems;
}

const text = (name: string) => fs.readFileSync(path.join(PROJECT_ROOT, 'cypher', 'queries', `${name}.cypher`), 'utf8').replace(/^\s*\/\/.*$/gm, '');

describe('the readers of the thread follow its grammar', () => {
  for (const name of READERS) {
    it(`${name}.cypher: every pattern from an activity is a walk up the thread`, () => {
      const patterns = fromActivity(text(name));
      expect(patterns.length).toBeGreaterThan(0);
      for (const pattern of patterns) expect(breaches(pattern)).toEqual([]);
    });

    it(`${name}.cypher: every relationship it names is the thread's or the partnership's`, () => {
      const types = new Set([...text(name).matchAll(HOP)].flatMap((m) => (m[2] ?? '').split('|')));
      for (const type of types) expect(STEP.has(type) || PARTNERSHIP_TYPES.includes(type), type).toBe(true);
    });
  }

  it('fails a pattern that differs from the grammar', () => {
    expect(breaches(hops('-[:ADDRESSES]->(:Priority)'))).toEqual([]);
    expect(breaches(hops('-[:DELIVERED_THROUGH]->(:Programme)-[:ADDRESSES]->(:Priority)'))).toEqual(['ADDRESSES at position 1, past its maxPosition 0']);
    expect(breaches(hops('<-[:DISCHARGES]-(:Programme)'))).toEqual(['DISCHARGES is walked in, the thread walks it out']);
    expect(breaches(hops('-[:FOCUSES_ON]->(:Area)'))).toEqual(['FOCUSES_ON is not a step of the thread']);
  });

  it('gives trace the whole grammar: its walk, position by position, and the last steps', () => {
    const thread = threadParameters();
    const positions = thread.traceWalk.split(',').map((filter) => filter.split('|'));
    expect(positions).toHaveLength(TRACE_MAX_HOPS);
    const walked = new Set(positions.flat());
    const last = thread.traceLast.map((s) => (s.direction === 'out' ? `${s.type}>` : `<${s.type}`));
    expect([...walked, ...last].sort()).toEqual(THREAD_STEPS.map((s) => (s.direction === 'out' ? `${s.type}>` : `<${s.type}`)).sort());
    positions.forEach((filter, position) => {
      for (const step of THREAD_STEPS.filter((s) => !isLastStep(s))) {
        const name = step.direction === 'out' ? `${step.type}>` : `<${step.type}`;
        expect(filter.includes(name), `${name} at position ${position}`).toBe((step.maxPosition ?? position) >= position);
      }
    });
  });

  it('takes the steps to a body as last steps, the partner steps among them', () => {
    // A last step reaches only stops no step leaves; were a partner step walked, every partnership's bodies would be again.
    expect(THREAD_STEPS.filter(isLastStep).map((s) => s.type)).toEqual(['LEADS', 'MADE_BY', 'BINDS']);
    for (const step of THREAD_STEPS.filter(isLastStep)) {
      for (const type of stepReaches(step)) expect(THREAD_STOPS.find((s) => s.type === type)?.continuesOver, `${step.type} reaches ${type}`).toEqual([]);
    }
    for (const step of THREAD_STEPS.filter((s) => s.partnersOnly === true)) expect(isLastStep(step), step.type).toBe(true);
  });
});
