/**
 * How every command line ends: its exit code, or its error printed the one way a person can act
 * on. A GoldenThreadError is a sentence and its code (with details), a usage mistake is the
 * sentence and the usage text, anything else is a stack for whoever reports it.
 */
import { isGoldenThreadError } from '../errors.js';

/** A mistake in how the command was called: printed with the command's usage text. */
export class UsageError extends Error {}

function isUsageMistake(error: unknown): error is Error {
  return error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'));
}

export function runCli(main: (args: string[]) => Promise<number>, usage: string): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (isGoldenThreadError(error)) {
        process.stderr.write(`golden-thread: ${error.message} [${error.code}]\n`);
        for (const detail of error.details) process.stderr.write(`  ${detail}\n`);
      } else if (isUsageMistake(error)) {
        process.stderr.write(`golden-thread: ${error.message}\n${usage}`);
      } else {
        process.stderr.write(`golden-thread: ${error instanceof Error ? error.stack : String(error)}\n`);
      }
      process.exit(1);
    },
  );
}
