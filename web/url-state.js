// The view lives in the URL hash (#view=trace&id=...&asOf=...), so any link reopens it.
export function params() {
  return new URLSearchParams(location.hash.replace(/^#/, ''));
}

export function hashFor(next) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(next)) if (v) p.set(k, v);
  return '#' + p.toString();
}

export function asOf() {
  return params().get('asOf') || '';
}

/** Where opening an entity goes: an activity's trace, an agreement's coverage, otherwise its own page. */
export function openHash(ref) {
  const v = ref.type === 'ACTIVITY' ? 'trace' : ref.type === 'AGREEMENT' ? 'coverage' : 'entity';
  return hashFor({ view: v, id: ref.id, asOf: asOf() });
}

/** Any entity's own page (its facts, evidence, what backs it and what it touches). */
export function entityHash(ref) {
  return hashFor({ view: 'entity', id: ref.id, asOf: asOf() });
}
