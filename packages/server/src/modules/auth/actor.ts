import type { Permission, Role } from '@healthaid/domain';

/** The authenticated caller of a request, as resolved from the session or an API token. */
export type Actor = {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  /** 12-digit region code the caller's data access is limited to. */
  regionCode: string;
  institutionCode: string | null;
  sessionId: string | null;
  mustChangePassword: boolean;
  /**
   * Set when the caller is a medical institution's API token (`Authorization: Bearer …`), not a user: then
   * `userId` is 0 (no account), the role is the one the token acts in, and only routes that accept tokens
   * and whose permission the token holds may be called (`requireAuth`).
   */
  apiToken?: { id: number; name: string; permissions: readonly Permission[] } | null;
};

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}
