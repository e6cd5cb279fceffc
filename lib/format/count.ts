const integer = new Intl.NumberFormat("en-GB");

/** 1234 → "1,234". */
export function formatCount(value: number): string {
  return integer.format(value);
}
