import crypto from 'node:crypto';

export const SESSION_COOKIE = 'ha_session';

export function randomToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** Sessions are stored by an HMAC of the cookie token, so a copy of the database cannot be replayed as cookies. */
export function sessionIdOf(token: string, secret: string): string {
  return crypto.createHmac('sha256', secret).update(token).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}
