/**
 * The server's own origin: `service.public_url`, or `http://localhost:<PORT>` when it is unset.
 * Never taken from the request's Host header, which the client controls.
 */
export function publicOrigin(configured: string, port: number): string {
  return configured || `http://localhost:${port}`;
}
