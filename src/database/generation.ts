/**
 * The graph's generation: a counter in the database that every write raises in its own
 * transaction (cypher/graph/bump-generation.cypher). An answer made at generation g is still
 * right while the counter reads g, whichever API process made it, so answers can be kept in
 * memory and several processes can serve one database without serving each other stale ones.
 */
import neo4j from 'neo4j-driver';
import type { Database } from './driver.js';
import { cypher, statements } from './cypher.js';
import { withDeadline } from './deadline.js';

/** A loopback or LAN server answers this read in milliseconds; a second means it is not answering. */
const GENERATION_DEADLINE_MS = 1_000;

/** What a write transaction offers: the driver's Transaction and ManagedTransaction both fit. */
interface WriteTransaction {
  run(query: string, parameters?: Record<string, unknown>): PromiseLike<unknown>;
}

/** Makes the counter (once) and its constraint; safe at every start, from several processes. */
export async function ensureGeneration(database: Database): Promise<void> {
  for (const statement of statements('migrations/graph-generation')) await database.run(statement, {}, 'WRITE');
}

/** Raises the generation inside `tx`: seen when the change commits, gone if it rolls back. */
export async function bumpGeneration(tx: WriteTransaction): Promise<void> {
  await tx.run(cypher('graph/bump-generation'));
}

/**
 * Reads the generation for requests, at most one read in flight. A request may only use a read
 * that began after it arrived: one that began earlier could have missed a write committed before
 * the request was sent, and the request would then be answered from before that write. A read
 * begins once the event loop has taken in what has arrived (setImmediate), so requests that came
 * in together share it, and requests arriving while one is in flight share the one after it: under
 * load the cost is one small query per round of requests, not one per request.
 */
export class GenerationReader {
  private inFlight: Promise<number> | undefined;
  private next: Promise<number> | undefined;
  private reads = 0;

  constructor(private readonly read: () => Promise<number>) {}

  /**
   * Reads from `database` with a deadline of its own, shorter than a query's and with no retry:
   * while the database is down or frozen, a request must not wait for this small read first and
   * then again for its own query. The caller treats a failed read as "answer uncached".
   */
  static of(database: Database, deadlineMs = GENERATION_DEADLINE_MS): GenerationReader {
    return new GenerationReader(() =>
      withDeadline(deadlineMs, async () => {
        const session = database.driver.session({ database: database.name, defaultAccessMode: neo4j.session.READ });
        try {
          const result = await session.run(cypher('graph/generation'), {}, { timeout: deadlineMs });
          return Number(result.records[0]?.get('value') ?? 0);
        } finally {
          await session.close().catch(() => undefined);
        }
      }),
    );
  }

  /** The generation as it stands at some moment after this call. */
  current(): Promise<number> {
    // Everyone who arrives before the next read begins shares it.
    this.next ??= new Promise<void>((resolve) => {
      const begin = () => setImmediate(resolve);
      if (this.inFlight === undefined) begin();
      else this.inFlight.then(begin, begin);
    }).then(() => this.start());
    return this.next;
  }

  /** Reads made so far: with the requests answered, how many requests each read served. */
  get count(): number {
    return this.reads;
  }

  private start(): Promise<number> {
    this.next = undefined;
    this.reads += 1;
    const read = this.read();
    this.inFlight = read;
    const clear = () => {
      if (this.inFlight === read) this.inFlight = undefined;
    };
    read.then(clear, clear);
    return read;
  }
}
