const UNIT_SECONDS: Record<string, number> = {
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
  m: 60,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hr: 3600,
  hrs: 3600,
  hour: 3600,
  hours: 3600,
  d: 86400,
  day: 86400,
  days: 86400,
  w: 604800,
  week: 604800,
  weeks: 604800,
  month: 2592000,
  months: 2592000,
  y: 31536000,
  year: 31536000,
  years: 31536000,
};

/**
 * Parses a lifetime the way AAM users write one: seconds (3600 or "3600") or a relative phrase
 * ("+2 hours", "1 day 6 hours", "90m"). Returns seconds, or an error message.
 */
export function parseLifetime(input: number | string): number | { error: string } {
  if (typeof input === 'number') {
    return Number.isInteger(input) && input > 0 ? input : { error: 'must be a positive whole number of seconds' };
  }
  const text = input.trim().toLowerCase();
  if (/^\d+$/.test(text)) return parseLifetime(Number(text));
  const body = text.replace(/^\+\s*/, '');
  const part = /(\d+)\s*([a-z]+)\s*/y;
  let seconds = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = part.exec(body))) {
    const unit = UNIT_SECONDS[m[2]];
    if (!unit) return { error: `unknown unit '${m[2]}'` };
    seconds += Number(m[1]) * unit;
    matched = part.lastIndex;
  }
  if (matched === 0 || matched !== body.length || seconds <= 0)
    return { error: 'must be seconds or a phrase like "+2 hours"' };
  return seconds;
}

export interface ExpiryRequest {
  expires_at?: string;
  expires_in?: number | string;
}

/** The expiry of a new token: expires_at, else now + expires_in, else now + the default; never in the past, never beyond maxSeconds. */
export function resolveExpiry(
  request: ExpiryRequest,
  nowMs: number,
  defaultSeconds: number,
  maxSeconds: number,
): Date | { field: string; error: string } {
  if (request.expires_at !== undefined && request.expires_in !== undefined) {
    return { field: 'expires_at', error: 'give expires_at or expires_in, not both' };
  }
  let expiresMs: number;
  let field = 'expires_in';
  if (request.expires_at !== undefined) {
    field = 'expires_at';
    expiresMs = Date.parse(request.expires_at);
    if (Number.isNaN(expiresMs)) return { field, error: 'must be an ISO-8601 date-time' };
    expiresMs = Math.floor(expiresMs / 1000) * 1000;
    if (expiresMs <= nowMs) return { field, error: 'must be in the future' };
  } else {
    const seconds = request.expires_in === undefined ? defaultSeconds : parseLifetime(request.expires_in);
    if (typeof seconds !== 'number') return { field, error: seconds.error };
    expiresMs = Math.floor(nowMs / 1000) * 1000 + seconds * 1000;
  }
  if (expiresMs - nowMs > maxSeconds * 1000) return { field, error: `must be at most ${maxSeconds} seconds from now` };
  return new Date(expiresMs);
}
