import { parseYuanToFen } from '@healthaid/domain/money';

/**
 * antd Form rule for an amount typed in 元: parsed exactly to integer fen by the domain (no floats);
 * the parser's Chinese message is shown for anything else ("1,234.56" and "¥1,234.56" are accepted).
 */
export const yuanRule = (required: boolean) => ({
  validator: async (_: unknown, value: string | undefined) => {
    if (!value?.trim()) {
      if (required) {
        throw new Error('请填写金额');
      }
      return;
    }
    const fen = parseYuanToFen(value);
    if (fen < 0) {
      throw new Error('金额不能为负数');
    }
  },
});

/** Fen of an optional 元 field, or undefined when it is empty. */
export const optionalFenOf = (value: string | undefined): number | undefined =>
  value?.trim() ? parseYuanToFen(value) : undefined;
