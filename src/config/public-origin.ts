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
