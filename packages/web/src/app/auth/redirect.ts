/**
 * Where to go after login: only same-origin absolute paths are accepted, so a crafted
 * `?redirect=https://evil.example` or `//evil.example` falls back to the home page.
 */
export function toSafeRedirect(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) {
    return '/';
  }
  if (raw.startsWith('/login') || raw.startsWith('/change-password')) {
    return '/';
  }
  return raw;
}

/** The login URL that brings the user back to `returnTo` afterwards. */
export function buildLoginPath(returnTo: string, reason?: 'expired'): string {
  const search = new URLSearchParams();
  const target = toSafeRedirect(returnTo);
  if (target !== '/') {
    search.set('redirect', target);
  }
  if (reason) {
    search.set('reason', reason);
  }
  const text = search.toString();
  return text ? `/login?${text}` : '/login';
}
