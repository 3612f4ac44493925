/**
 * Masking for display and exports (PIPL de-identification; domain.md §10): keep a few characters at
 * each end and replace the rest with '*'. Every unmasked view is audited elsewhere.
 * Counting is by code point, so rare CJK characters in names count as one.
 */
function maskMiddle(text: string, keepStart: number, keepEnd: number): string {
  const chars = Array.from(text);
  // Never reveal everything: keep the ends only when at least one character is left to mask.
  if (chars.length <= keepStart + keepEnd) {
    return '*'.repeat(chars.length);
  }
  return (
    chars.slice(0, keepStart).join('') +
    '*'.repeat(chars.length - keepStart - keepEnd) +
    chars.slice(chars.length - keepEnd).join('')
  );
}

/** '13032119900101123X' → '130321********123X'; numbers of 10 characters or fewer are masked entirely. */
export function maskIdNumber(idNumber: string): string {
  return maskMiddle(idNumber, 6, 4);
}

/** '13812341234' → '138****1234'; numbers of 7 characters or fewer are masked entirely. */
export function maskPhone(phone: string): string {
  return maskMiddle(phone, 3, 4);
}

/** '张三丰' → '张*丰', '张三' → '张*', '欧阳娜娜' → '欧**娜', '王' → '*'. */
export function maskName(name: string): string {
  const trimmed = name.trim();
  return Array.from(trimmed).length === 2 ? maskMiddle(trimmed, 1, 0) : maskMiddle(trimmed, 1, 1);
}
