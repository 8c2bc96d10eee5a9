import { ValidationFailedError } from '../common/errors';
import { mediaTypeOf } from '../common/media-types';

/**
 * PUT /configpress takes the INI as text/plain, or as JSON `{ini}`: the INI text of the body,
 * read the way its media type says. A JSON body that is a bare string is refused like any other
 * JSON that is not `{ini}`, as the document describes it.
 */
export function configPressText(body: unknown, contentType: string | undefined): string {
  if (mediaTypeOf(contentType) === 'text/plain' && typeof body === 'string') return body;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const { ini, ...rest } = body as Record<string, unknown>;
    const errors = Object.keys(rest).map((field) => ({ field, message: `unknown field ${field}` }));
    if (typeof ini !== 'string') errors.unshift({ field: 'ini', message: 'ini must be a string' });
    if (errors.length) throw new ValidationFailedError(errors);
    return ini as string;
  }
  throw new ValidationFailedError([
    { field: 'body', message: 'send the INI text as text/plain, or JSON {"ini": "..."}' },
  ]);
}
