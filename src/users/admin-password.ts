import { randomBytes } from 'node:crypto';

/** The first administrator's password when ADMIN_PASSWORD is not set: 144 random bits, 24 characters. */
export function generateAdminPassword(): string {
  return randomBytes(18).toString('base64url');
}
