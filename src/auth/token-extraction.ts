import type { TokenContainer } from '../common/principal';

export type Container = TokenContainer;

export interface TokenSource {
  headers: Record<string, string | string[] | undefined>;
  query?: unknown;
  cookies?: Record<string, string | undefined>;
}

export interface ExtractionSettings {
  order: readonly Container[];
  queryParam: string;
  cookieName: string;
}

const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

/** Finds the bearer token in the configured containers, in order; the first hit wins. */
export function extractToken(
  request: TokenSource,
  settings: ExtractionSettings,
): { token: string; container: Container } | null {
  for (const container of settings.order) {
    const token = read(request, container, settings);
    if (token) return { token, container };
  }
  return null;
}

function read(request: TokenSource, container: Container, settings: ExtractionSettings): string | undefined {
  switch (container) {
    case 'header': {
      const header = request.headers.authorization;
      const match = typeof header === 'string' ? BEARER.exec(header) : null;
      return match?.[1];
    }
    case 'query_param': {
      const value = (request.query as Record<string, unknown> | undefined)?.[settings.queryParam];
      return typeof value === 'string' && value ? value : undefined;
    }
    case 'cookie': {
      const value = request.cookies?.[settings.cookieName];
      return value ? value : undefined;
    }
  }
}
