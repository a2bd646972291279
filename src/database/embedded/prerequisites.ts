/** The tools the embedded Neo4j needs on this machine, each refused with how to install it. */
import { spawnSync } from 'node:child_process';
import { ErrorCode, GoldenThreadError } from '../../errors.js';

export function requireCommand(command: string, args: string[], message: string): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new GoldenThreadError(ErrorCode.PREREQUISITE_MISSING, message);
  }
  return `${result.stdout}${result.stderr}`;
}

export function requireJava17(): void {
  const output = requireCommand(
    'java',
    ['-version'],
    'Java 17 or newer is needed to run the embedded Neo4j: install it (for example `apt-get install openjdk-17-jre-headless`) or set NEO4J_URI to use your own Neo4j.',
  );
  const major = Number(/version "(\d+)/.exec(output)?.[1] ?? '0');
  if (major < 17) {
    throw new GoldenThreadError(
      ErrorCode.PREREQUISITE_MISSING,
      `Java 17 or newer is needed to run the embedded Neo4j, but \`java\` is version ${major}: install Java 17 or put it first on PATH.`,
    );
  }
}
