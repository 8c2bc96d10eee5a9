import createClient from 'openapi-fetch';
import type { Client, ClientOptions } from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, operations, paths } from './schema';

/** A typed client for every route of the server's OpenAPI document (openapi-fetch). */
export type JwtAccessManagerClient = Client<paths>;

/** A problem document (RFC 9457), as every error answer carries it. */
export type Problem = components['schemas']['ProblemDto'];

export interface JwtAccessManagerClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** The server's origin, e.g. `https://auth.example.com` (the document's paths start with /api/v1). */
  baseUrl: string;
  /**
   * The token to send as `Authorization: Bearer`, asked for on every request so a caller can swap
   * it (after a login or a refresh) without a new client. Return undefined to send none.
   */
  token?: () => string | undefined;
}

/** Creates a client; `token` supplies the bearer token of each request. */
export function createJwtAccessManagerClient(options: JwtAccessManagerClientOptions): JwtAccessManagerClient {
  const { token, ...clientOptions } = options;
  // The server reads list parameters (`?fields=token,signed_url`) as one comma-separated value,
  // as the document says (style form, explode false); openapi-fetch would repeat the parameter.
  const client = createClient<paths>({
    querySerializer: { array: { style: 'form', explode: false } },
    ...clientOptions,
  });
  if (token) {
    client.use({
      onRequest({ request }) {
        const current = token();
        if (current !== undefined && !request.headers.has('authorization'))
          request.headers.set('authorization', `Bearer ${current}`);
        return request;
      },
    });
  }
  return client;
}
