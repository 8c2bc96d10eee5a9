/**
 * The server's own origin: `service.public_url`, or `http://localhost:<PORT>` when it is unset.
 * Never taken from the request's Host header, which the client controls.
 */
export function publicOrigin(configured: string, port: number): string {
  return configured || `http://localhost:${port}`;
}

/**
 * Every origin the server's own pages may be loaded from. Without `service.public_url` the
 * server is reached on loopback, by name or by address (`127.0.0.1`, `[::1]`), which are one
 * machine; a configured origin is the only one, so a deployment names exactly what it trusts.
 */
export function ownOrigins(configured: string, port: number): string[] {
  if (configured) return [configured];
  return [`http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`];
}

/** Where a socket listens: Node's AddressInfo, for an IP socket. */
export interface ListeningAddress {
  address: string;
  family: string;
  port: number;
}

const WILDCARDS = new Set(['0.0.0.0', '::']);

/**
 * Where clients reach the server, for the OpenAPI document's `servers`: `service.public_url`, else
 * the address it listens on (a wildcard address, every interface, is named as localhost), else,
 * before it listens, `publicOrigin`. Never the request's Host header.
 */
export function reachableOrigin(configured: string, listening: ListeningAddress | undefined, port: number): string {
  if (configured || !listening) return publicOrigin(configured, port);
  const host = WILDCARDS.has(listening.address)
    ? 'localhost'
    : listening.family === 'IPv6'
      ? `[${listening.address}]`
      : listening.address;
  return `http://${host}:${listening.port}`;
}
