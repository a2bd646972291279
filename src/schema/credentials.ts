import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from '../config.js';
import { ErrorCode, requestError } from '../errors.js';

/** The verified claims the rules in schema/*.graphql and the audit trail read. */
export interface Claims extends JWTPayload {
  readonly sub: string;
  readonly roles: string[];
  readonly partnership?: string;
}

/** Checks a request's bearer token; undefined when the request carries none. */
export type CredentialCheck = (authorization: string | undefined) => Promise<Claims | undefined>;

// A bad credential refuses the whole request (401), so HTTP clients and proxies see the same answer as GraphQL clients.
const unauthenticated = (message: string) => requestError(ErrorCode.UNAUTHENTICATED, message);

function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'The bearer token has expired; get a new one.';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `The bearer token's "${error.claim}" claim is not accepted here (${error.reason}).`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'The bearer token’s signature does not match this server’s key.';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'The bearer token is signed with an algorithm this server does not accept.';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'No key in the configured key set matches the bearer token.';
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JOSEError && error.code === 'ERR_JWKS_INVALID') {
    return 'The key set that verifies bearer tokens could not be fetched; try again later.';
  }
  return 'The bearer token is not a valid signed JWT.';
}

/**
 * Builds the check from the configuration: an HMAC secret or a remote key set (fetched once and
 * cached by jose). A request with no token is anonymous (reads are public); a request with a bad
 * token is refused outright, so a client never mistakes a broken credential for a working one.
 */
export function credentialCheck(config: AuthConfig): CredentialCheck {
  const secret = config.jwtSecret === undefined ? undefined : new TextEncoder().encode(config.jwtSecret);
  const jwks: JWTVerifyGetKey | undefined = config.jwksUrl === undefined ? undefined : createRemoteJWKSet(new URL(config.jwksUrl));
  const options = {
    issuer: config.issuer,
    audience: config.audience,
    algorithms: secret ? ['HS256', 'HS384', 'HS512'] : ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'],
    requiredClaims: ['sub', 'exp'],
  };
  return async (authorization) => {
    if (authorization === undefined || authorization.trim() === '') return undefined;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match?.[1]) throw unauthenticated('The Authorization header must be "Bearer <token>".');
    if (!secret && !jwks) throw unauthenticated('This server accepts no credentials (neither GT_JWT_SECRET nor GT_JWKS_URL is set), so it is read-only.');
    let payload: JWTPayload;
    try {
      payload = secret ? (await jwtVerify(match[1], secret, options)).payload : (await jwtVerify(match[1], jwks as JWTVerifyGetKey, options)).payload;
    } catch (error) {
      throw unauthenticated(describeJoseError(error));
    }
    // A stolen token is good until it expires: one that lives longer than the limit is refused,
    // however it was signed, so a leaked long-lived token cannot outlast the policy.
    const lifetimeSeconds = (payload.exp ?? 0) - (payload.iat ?? Math.floor(Date.now() / 1000));
    if (lifetimeSeconds > config.maxLifetimeHours * 3600) {
      throw unauthenticated(`The bearer token is valid for ${Math.ceil(lifetimeSeconds / 3600)} hours; this server accepts tokens valid for at most ${config.maxLifetimeHours} hours (GT_JWT_MAX_LIFETIME_HOURS).`);
    }
    const roles = payload.roles;
    if (!Array.isArray(roles) || !roles.every((role): role is string => typeof role === 'string')) {
      throw unauthenticated('The bearer token has no "roles" claim (a list such as ["editor"]).');
    }
    if (payload.partnership !== undefined && typeof payload.partnership !== 'string') {
      throw unauthenticated('The bearer token\'s "partnership" claim must be a string (the id of the partnership\'s Board).');
    }
    return { ...payload, sub: payload.sub as string, roles, partnership: payload.partnership as string | undefined };
  };
}
