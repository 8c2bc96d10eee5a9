import { Injectable, PipeTransform } from '@nestjs/common';
import { ValidationFailedError } from '../common/errors';

/** PUT /configpress takes the INI as text/plain, or as JSON `{ini}`. */
@Injectable()
export class ConfigPressBodyPipe implements PipeTransform<unknown, string> {
  transform(body: unknown): string {
    if (typeof body === 'string') return body;
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
}
