import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import { loadConfig } from '../config.js';
import { isGoldenThreadError } from '../errors.js';

/**
 * `npm run token -- --role editor --partnership <board id> [--sub who] [--hours 8]` prints a
 * bearer token signed with GT_JWT_SECRET: for trying mutations locally and for scripts. In
 * production tokens come from your identity provider (GT_JWKS_URL) instead.
 */
async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      role: { type: 'string', multiple: true },
      partnership: { type: 'string' },
      sub: { type: 'string' },
      hours: { type: 'string', default: '8' },
    },
  });
  const config = loadConfig();
  if (config.auth.jwtSecret === undefined) {
    process.stderr.write('golden-thread: set GT_JWT_SECRET (32 bytes or more) to sign tokens; the server must run with the same value. [CONFIG_INVALID]\n');
    return 1;
  }
  const roles = values.role ?? [];
  const hours = Number(values.hours);
  if (roles.length === 0 || !roles.every((role) => role === 'editor' || role === 'admin') || !(hours > 0)) {
    process.stderr.write('usage: npm run token -- --role editor|admin [--partnership <board id>] [--sub <who>] [--hours <n>]\n');
    return 2;
  }
  if (roles.includes('editor') && !roles.includes('admin') && !values.partnership) {
    process.stderr.write("golden-thread: an editor token needs --partnership (the id of the partnership's Board). [BAD_USER_INPUT]\n");
    return 2;
  }
  const token = await new SignJWT({ roles, ...(values.partnership ? { partnership: values.partnership } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(values.sub ?? process.env.USER ?? 'local-user')
    .setIssuedAt()
    .setExpirationTime(`${hours}h`)
    .sign(new TextEncoder().encode(config.auth.jwtSecret));
  process.stdout.write(`${token}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`golden-thread: ${error instanceof Error ? error.message : String(error)}${isGoldenThreadError(error) ? ` [${error.code}]` : ''}\n`);
    process.exit(2);
  },
);
