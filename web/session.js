// Who is signed in: the bearer token an editor pastes, kept for this tab only (sessionStorage), so
// closing the tab signs out. The claims are read from the token to show who it names; the server
// checks its signature on every upload, so nothing here is trusted.
const KEY = 'golden-thread-token';

function claimsOf(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = new TextDecoder().decode(Uint8Array.from(atob(payload.padEnd(Math.ceil(payload.length / 4) * 4, '=')), (c) => c.charCodeAt(0)));
    const claims = JSON.parse(json);
    return claims && typeof claims === 'object' ? claims : null;
  } catch {
    return null;
  }
}

/** The token and what it says ({ sub, roles, partnership, exp }), or null when nobody is signed in or it has expired. */
export function session() {
  const token = sessionStorage.getItem(KEY);
  const claims = token ? claimsOf(token) : null;
  if (!token || !claims || (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now())) return null;
  return {
    token,
    claims,
    roles: Array.isArray(claims.roles) ? claims.roles : [],
    partnership: typeof claims.partnership === 'string' ? claims.partnership : '',
  };
}

/** Keeps the token if it reads as a JWT; says why not otherwise. */
export function signIn(token) {
  const trimmed = token.trim().replace(/^Bearer\s+/i, '');
  if (!claimsOf(trimmed)) return 'That is not a token: paste the whole of it (three parts joined by dots).';
  sessionStorage.setItem(KEY, trimmed);
  return session() ? '' : 'That token has expired: ask for a new one.';
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}
