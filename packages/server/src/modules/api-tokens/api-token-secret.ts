import crypto from 'node:crypto';

/** Every API token starts with this, so a leaked one is recognisable (and secret scanners can match it). */
export const API_TOKEN_PREFIX = 'hat_';
const TOKEN_PATTERN = /^hat_[A-Za-z0-9_-]{43}$/;

/** A new token: `hat_` + 32 random bytes (base64url). Shown once; only its hash is stored. */
export function generateApiToken(): { token: string; hash: string; displayPrefix: string } {
  const token = `${API_TOKEN_PREFIX}${crypto.randomBytes(32).toString('base64url')}`;
  return { token, hash: hashApiToken(token), displayPrefix: token.slice(0, 12) };
}

/**
 * SHA-256 of the token (hex). The token carries 256 random bits, so a fast hash is enough: nothing to
 * brute-force, and verification stays cheap on the hot path.
 */
export function hashApiToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export function isWellFormedApiToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

/** The token of an `Authorization: Bearer <token>` header, or null when the header is not of that form. */
export function bearerTokenOf(header: string): string | null {
  const match = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(header);
  return match?.[1] ?? null;
}
