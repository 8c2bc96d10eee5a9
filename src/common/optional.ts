import { ValidateIf } from 'class-validator';

/**
 * A field that may be left out but, when sent, must be valid: `null` is validated like any other
 * value (and refused). class-validator's `@IsOptional()` skips `null` as well, which lets it reach
 * the service as if it were a value; keep `@IsOptional()` only where `null` means "none".
 */
export const IsOptionalButNotNull = () => ValidateIf((_object: object, value: unknown) => value !== undefined);
