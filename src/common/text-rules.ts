/**
 * The shape of a name the API accepts: which characters, how few, how many. The validators check
 * `pattern` and the OpenAPI document writes the same rule out (`schemaOf`), so the two cannot
 * disagree.
 */
export interface TextRule {
  pattern: RegExp;
  minLength: number;
  maxLength: number;
}

function charactersRule(characters: string, minLength: number, maxLength: number): TextRule {
  return { pattern: new RegExp(`^[${characters}]{${minLength},${maxLength}}$`), minLength, maxLength };
}

/** A username as sent; it is stored lower-case (and login lower-cases what it is given). */
export const USERNAME = charactersRule('A-Za-z0-9._-', 3, 64);

/** A role slug: lower-case letters, digits, `-` and `_`. */
export const ROLE_SLUG = charactersRule('a-z0-9_-', 1, 64);

/** RFC 5321's limit on a forward path (256) less its angle brackets. */
export const EMAIL_MAX_LENGTH = 254;

/**
 * What `format: email` means to an integrator's validator (ajv-formats' definition): an ASCII
 * dot-atom local part, no quoted or non-ASCII forms, and a dotted host name (written without the
 * `i` flag, which a JSON Schema `pattern` cannot carry). The server enforces
 * the same pattern, so nothing it accepts fails a client's check of the document.
 */
export const EMAIL_PATTERN =
  /^[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;

/** Longer passwords are refused outright, before the strength estimate (whose cost grows with length) runs. */
export const PASSWORD_MAX_LENGTH = 256;

/** The rule as OpenAPI schema keywords. */
export function schemaOf(rule: TextRule): { pattern: string; minLength: number; maxLength: number } {
  return { pattern: rule.pattern.source, minLength: rule.minLength, maxLength: rule.maxLength };
}
