/** Where a passwordless login lands when it names no `redirect_to`: the web console. */
export const DEFAULT_LOGIN_PATH = '/console';

export type RedirectCheck = { ok: true; url: URL } | { ok: false; reason: string };

/**
 * Decides where `GET /auth/jwt-login` may send a browser with a fresh session in the fragment:
 * a path on this server, or a URL on this server's origin or on an allowed one. Anything else
 * would make the server an open redirect that hands sessions to another site, so it is refused
 * rather than cleaned up:
 * - relative paths other than `/…` (`evil.com/x`, `./x`), and `//host` or `/\host`, which
 *   browsers read as another host;
 * - backslashes and control characters anywhere (browsers turn `\` into `/` and drop tabs and
 *   newlines, so what they follow is not what was checked);
 * - schemes other than http and https (`javascript:`, `data:`), user info (`https://a@evil`),
 *   and a fragment of its own (the session goes there).
 * Origins are compared after URL parsing, so case, default ports and percent-encoding in the
 * host cannot make two spellings of one origin differ.
 */
export function checkLoginRedirect(
  redirectTo: string | undefined,
  ownOrigin: string,
  allowedOrigins: readonly string[],
): RedirectCheck {
  // `ownOrigin` resolves paths; it and `allowedOrigins` are where a URL may point.
  const target = redirectTo ?? DEFAULT_LOGIN_PATH;
  // eslint-disable-next-line no-control-regex -- control characters are what is refused here
  if (/[\\\u0000-\u001f\u007f]/.test(target)) return refuse('holds a backslash or a control character');
  const isPath = target.startsWith('/');
  if (isPath && (target.startsWith('//') || target.startsWith('/%2f') || target.startsWith('/%2F')))
    return refuse('names another host (//)');
  if (!isPath && !/^https?:\/\//i.test(target)) return refuse('must be a path starting with / or an http(s) URL');
  let url: URL;
  try {
    url = new URL(target, ownOrigin);
  } catch {
    return refuse('is not a valid URL');
  }
  if (url.username || url.password) return refuse('must not carry user information');
  if (url.hash || target.includes('#')) return refuse('must not have a fragment (the session is put there)');
  // Parsed defensively: an entry no URL parser takes allows nothing, rather than failing every login.
  const allowed = [ownOrigin, ...allowedOrigins].flatMap((origin) => {
    try {
      return [new URL(origin).origin];
    } catch {
      return [];
    }
  });
  if (!allowed.includes(url.origin))
    return refuse(`must be on this server or an origin in service.jwt.login_redirect_allowlist, not ${url.origin}`);
  return { ok: true, url };
}

function refuse(reason: string): RedirectCheck {
  return { ok: false, reason: `redirect_to ${reason}` };
}
