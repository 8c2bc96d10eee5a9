import { STATUS_CODES } from 'node:http';
import { ERROR_CODE_LIST, ERROR_CODES, ERROR_DOCS_URL, statusOf } from './error-codes';

/**
 * docs/errors.md, generated from the catalogue so the two never disagree. Each code is a heading
 * of its own, whose anchor is the code: what a problem's `type` ends in.
 */
export function errorsDocument(): string {
  const statuses = [...new Set(ERROR_CODE_LIST.map(statusOf))];
  const sections = statuses.flatMap((status) => [
    `## ${status} ${STATUS_CODES[status]}`,
    '',
    ...ERROR_CODE_LIST.filter((code) => statusOf(code) === status).flatMap((code) => [
      `### ${code}`,
      '',
      ERROR_CODES[code].meaning,
      '',
    ]),
  ]);
  return [
    '# Error codes',
    '',
    '<!-- Generated from src/common/error-codes.ts by npm run docs:errors; edit the catalogue, not this file. -->',
    '',
    'Every error is an RFC 9457 problem document (`application/problem+json`):',
    '`{type, title, status, detail, code, errors?: [{field, message}]}`. `code` is one of the codes',
    'below, and each code is always answered with the status it is listed under; `detail` says what',
    'went wrong in this case, and a `validation_failed` problem lists every bad field in `errors`.',
    "`type` is the code's entry in this file, the same URI on every deployment:",
    `\`${ERROR_DOCS_URL}#<code>\`.`,
    '',
    ...sections,
  ].join('\n');
}
