/**
 * What an operation costs against the query budget, in the generated queries' unit of one node
 * read, given its arguments and the cost of the fields selected under it. Each operation declares
 * its own next to the code whose reads it prices, and src/schema/resolvers.ts will not register
 * an operation without one, so none is priced at 1 by being forgotten.
 */
export type OperationCost = (args: Readonly<Record<string, unknown>>, childComplexity: number) => number;

/** The page a `first` asks for, as an operation will really read it; an invalid one is refused before any read. */
export function pricedPage(first: unknown, fallback: number, max: number): number {
  return Math.min(typeof first === 'number' ? Math.max(first, 0) : fallback, max);
}
