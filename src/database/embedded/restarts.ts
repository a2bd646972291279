/** When the supervised embedded Neo4j is restarted after an exit, and when it is given up. */
import type { RestartPolicy } from '../../config.js';

/**
 * The wait before the next restart, given the times of the restarts already made: the first
 * waits firstDelayMs, each further one within the window twice the one before, up to maxDelayMs.
 * Undefined means give up: maxRestarts were already made within the last windowMs, so the
 * database keeps dying and restarting it again would only hide that. Restarts older than the
 * window are forgotten, so a database that dies once a day always comes back after firstDelayMs.
 */
export function nextRestartDelay(policy: RestartPolicy, restartedAt: readonly number[], now: number): number | undefined {
  const recent = restartedAt.filter((at) => now - at < policy.windowMs).length;
  if (recent >= policy.maxRestarts) return undefined;
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** recent);
}

/** HotSpot's words when -XX:+ExitOnOutOfMemoryError ends the JVM (on stdout, exit code 3). */
const OUT_OF_MEMORY = /OutOfMemoryError/;

export function isOutOfMemory(lines: readonly string[]): boolean {
  return lines.some((line) => OUT_OF_MEMORY.test(line));
}
