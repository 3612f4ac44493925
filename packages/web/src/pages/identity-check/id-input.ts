import { normalizeIdInput } from '@healthaid/domain/citizen-id';

/** An 18-character ID number (or a 15-digit legacy one) not glued to further digits. */
const ID_IN_TEXT = /(?<!\d)(\d{17}[\dX]|\d{15})(?![\dX])/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: card readers send STX/ETX and other control bytes
const CONTROL = /[\u0000-\u001F\u007F]/g;

/**
 * What a keyboard-wedge ID-card reader or a person typed or pasted, reduced to the ID number to check:
 * full-width digits and letters become half-width, a lower-case x the check letter X, spaces and control
 * characters go. When the reader wraps the number in other text (a prefix such as “身份证号：”, a name, a
 * suffix), the one ID number in it is taken. Anything else is returned cleaned, so validation can say what
 * is wrong with it.
 */
export function normalizeScannedId(raw: string): string {
  const cleaned = normalizeIdInput(raw.replace(CONTROL, ''));
  if (/^[\dX]*$/.test(cleaned)) {
    return cleaned;
  }
  const found = [...cleaned.matchAll(ID_IN_TEXT)].map((m) => m[1] ?? '');
  return found.length === 1 ? (found[0] as string) : cleaned;
}

/**
 * The ID numbers of a pasted list or an uploaded text/CSV file, in order (duplicates kept: each line is a
 * patient). Entries are separated by line breaks, commas, semicolons, tabs or 、. An entry holding an ID
 * number yields it; other entries count when they look like an attempt at one (14–20 digits), or, on a line
 * without any ID number, when they hold a digit at all, so a mistyped entry is still sent and answered with
 * its own error, while header words and the other columns of a file (name, phone) are skipped.
 */
export function extractIdList(text: string): string[] {
  const ids: string[] = [];
  for (const line of text.replace(CONTROL, (c) => (c === '\t' ? c : '\n')).split('\n')) {
    const entries = line
      .normalize('NFKC')
      .toUpperCase()
      .split(/[,，;；\t、|]+/);
    const found = entries.map((entry) => [...entry.matchAll(ID_IN_TEXT)].map((m) => m[1] ?? ''));
    const lineHasId = found.some((inEntry) => inEntry.length > 0);
    entries.forEach((entry, i) => {
      const inEntry = found[i] ?? [];
      if (inEntry.length > 0) {
        ids.push(...inEntry);
        return;
      }
      const id = normalizeIdInput(entry);
      if (lineHasId ? /^[\dX]{14,20}$/.test(id) : /\d/.test(id)) {
        ids.push(id);
      }
    });
  }
  return ids;
}
