export type TQueryValue = string | number | boolean | null | undefined;
export type TQueryParams = Readonly<Record<string, TQueryValue>>;

/**
 * Builds `?a=1&b=x` from a params object, dropping null, undefined and empty strings so
 * that unset filters never reach the server. Returns '' when nothing is left.
 */
export function buildQuery(params: TQueryParams | undefined): string {
  if (!params) {
    return '';
  }
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '') {
      continue;
    }
    search.append(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * File name from a `Content-Disposition` header; prefers the RFC 5987 `filename*=UTF-8''...`
 * form (Chinese names) over the plain `filename="..."` form.
 */
export function parseContentDispositionFilename(header: string | null): string | null {
  if (!header) {
    return null;
  }
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      return extended[1].trim();
    }
  }
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;]+))/.exec(header);
  const name = plain?.[1] ?? plain?.[2];
  return name ? name.trim() : null;
}
