/**
 * How long a write has left, from its pace so far: undefined until a row is written (there is no
 * pace yet), 0 once every row is. The pace is the whole write's average, not the last batch's, so
 * the estimate does not swing with one slow batch on a busy machine.
 */
export function estimateRemainingMs(written: number, total: number, elapsedMs: number): number | undefined {
  if (written >= total) return 0;
  if (written <= 0) return undefined;
  return Math.round((elapsedMs / written) * (total - written));
}
