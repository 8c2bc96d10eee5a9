/** What a login, a refresh or a password change of one's own hands the client. */
export interface SessionPair {
  token_type: 'Bearer';
  access_token: string;
  expires_in: number;
  refresh_token: string;
  refresh_expires_in: number;
}

/** The part of a pair sealed for a retry: the two tokens and when each expires. */
export interface SealedPair {
  access_token: string;
  access_expires_at: number;
  refresh_token: string;
}
