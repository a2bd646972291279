/**
 * A small seeded generator (mulberry32). The fuzz cases must be the same on every run and every
 * machine, so that a failure seen once can be replayed; Math.random cannot be seeded.
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A whole number from min to max, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(0, items.length - 1)] as T;
  }

  /** `length` code units drawn from the alphabet's entries (an entry may be several characters). */
  string(length: number, alphabet: readonly string[]): string {
    let out = '';
    while (out.length < length) out += this.pick(alphabet);
    return out;
  }

  /** A GraphQL name that the schema does not define (a prefix no generated name has). */
  unknownName(): string {
    return `zz${this.string(this.int(3, 12), [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'])}`;
  }
}
