import type { Role } from '@healthaid/domain';

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
};

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}
