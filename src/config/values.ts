import { hasControlCharacter } from '../common/control-characters';
import type { OptionKey } from './catalogue';
import { specOf } from './catalogue';

export type ParseResult = { ok: true; value: number | boolean | string | string[] } | { ok: false; message: string };

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off', '']);

/**
 * Turns a raw value (INI or environment text, or a JSON value from the API) into the option's
 * typed value, or says why it is not acceptable.
 */
export function parseOptionValue(key: OptionKey, raw: unknown): ParseResult {
  const spec = specOf(key);
  const fail = (message: string): ParseResult => ({ ok: false, message: `${key}: ${message}` });
  switch (spec.type) {
    case 'int': {
      const n =
        typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : NaN;
      if (!Number.isInteger(n)) return fail('must be a whole number');
      if (spec.min !== undefined && n < spec.min) return fail(`must be at least ${spec.min}`);
      if (spec.max !== undefined && n > spec.max) return fail(`must be at most ${spec.max}`);
      return { ok: true, value: n };
    }
    case 'bool': {
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      const text = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
      if (text !== undefined && TRUE.has(text)) return { ok: true, value: true };
      if (text !== undefined && FALSE.has(text)) return { ok: true, value: false };
      return fail('must be true or false');
    }
    case 'enum': {
      if (typeof raw !== 'string' || !spec.values!.includes(raw.trim()))
        return fail(`must be one of ${spec.values!.join(', ')}`);
      return { ok: true, value: raw.trim() };
    }
    case 'list': {
      const items = Array.isArray(raw)
        ? raw
        : typeof raw === 'string'
          ? spec.allowEmpty && raw.trim() === ''
            ? []
            : raw.split(',').map((s) => s.trim())
          : undefined;
      const fits = (item: unknown) =>
        typeof item === 'string' &&
        (spec.values ? spec.values.includes(item) : spec.pattern!.test(item)) &&
        (spec.items?.accepts(item) ?? true);
      if (!items || !items.every(fits)) {
        return fail(
          spec.values
            ? `must be a comma-separated list of ${spec.values.join(', ')}`
            : spec.items
              ? `must be a comma-separated list, each item ${spec.items.description}`
              : `must be a comma-separated list, each item matching ${spec.pattern}`,
        );
      }
      if (new Set(items).size !== items.length)
        return fail(spec.allowEmpty ? 'must list each value once' : 'must list each value once, at least one');
      if (items.length === 0 && !spec.allowEmpty) return fail('must list each value once, at least one');
      const problem = spec.check?.(items as string[]);
      if (problem) return fail(problem);
      return { ok: true, value: items as string[] };
    }
    case 'string': {
      if (typeof raw !== 'string') return fail('must be a string');
      const value = raw.trim();
      // A NUL cuts a path short in the OS, and no option (path, name, URL, secret) has a use for
      // control characters; surrounding whitespace such as a file's final newline is trimmed first.
      if (hasControlCharacter(value)) return fail('must not contain control characters');
      if (spec.pattern && !spec.pattern.test(value)) return fail(`must match ${spec.pattern}`);
      if (
        (key === 'service.jwt.signing_secret' || key === 'service.jwt.verification_secret') &&
        value !== '' &&
        value.length < 32
      )
        return fail('must be at least 32 characters');
      return { ok: true, value };
    }
  }
}

/** How a typed value is written back as INI text. */
export function formatOptionValue(value: unknown): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}
