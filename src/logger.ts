import { AsyncLocalStorage } from 'node:async_hooks';
import { format } from 'node:util';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from './config.js';

export type { Logger };

/**
 * What every log line written while a request is handled carries: set when the request arrives
 * (src/http/request-log.ts) and read by the logger's mixin, so a line from any layer (an upload's
 * report, a failed export) names its request without being handed it.
 */
export interface RequestLogFields {
  readonly requestId: string;
  /** A pseudonym of the rate limit's client key, never a token or an address. */
  client: string;
}

export const requestScope = new AsyncLocalStorage<RequestLogFields>();

/** One JSON line per event on stdout (or `destination`, which tests read); `LOG_LEVEL=silent` in tests. */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: DestinationStream): Logger {
  const options = {
    level: config.logLevel,
    base: { service: 'golden-thread' },
    mixin: () => {
      const fields = requestScope.getStore();
      return fields === undefined ? {} : { requestId: fields.requestId, client: fields.client };
    },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}

/**
 * Library notices written with console.* that are known not to apply here, each with the reason;
 * they are logged at debug instead of warn so an operator is not sent looking for a fault.
 */
const KNOWN_NOTICES: readonly { readonly pattern: RegExp; readonly why: string }[] = [
  {
    // @neo4j/graphql prints this at every start when its own JWT decoding is off.
    pattern: /^'@authentication', '@authorization' and\/or @subscriptionsAuthorization detected/,
    why: 'every request passes the claims this server verified as context.jwt (src/schema/context.ts), as the notice allows',
  },
];

/**
 * Sends what libraries write with console.*, and Node's warnings, through the logger, so stdout
 * stays one JSON object a line: @neo4j/graphql printed a plain-text warning at every start.
 */
export function routeConsoleToLogger(logger: Logger): void {
  const route =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]): void => {
      const message = format(...args);
      const known = KNOWN_NOTICES.find((notice) => notice.pattern.test(message));
      if (known) logger.debug({ source: 'console', why: known.why }, message);
      else logger[level]({ source: 'console' }, message);
    };
  console.log = route('info');
  console.info = route('info');
  console.debug = route('debug');
  console.warn = route('warn');
  console.error = route('error');
  // Node's own handler prints warnings (deprecations, experimental features) to stderr as text.
  process.removeAllListeners('warning');
  process.on('warning', (warning) => logger.warn({ source: 'node', name: warning.name, code: (warning as NodeJS.ErrnoException).code }, warning.message));
}
