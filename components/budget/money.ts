// Money on the budget page. Amounts arrive as exact decimal strings
// ("1234.50"); Intl formats such a string digit for digit, so no cent is lost
// to a float on the way.

const formats = new Map<string, Intl.NumberFormat | null>();

function currencyFormat(currency: string): Intl.NumberFormat | null {
  if (!formats.has(currency)) {
    try {
      formats.set(currency, new Intl.NumberFormat("en-GB", { style: "currency", currency }));
    } catch {
      formats.set(currency, null);
    }
  }
  return formats.get(currency) ?? null;
}

/** "1234.5" in EUR → "€1,234.50"; an unknown currency code follows the plain amount. */
export function formatAmount(amount: string, currency: string): string {
  if (!/^-?\d+(\.\d+)?$/.test(amount)) throw new RangeError(`Not an amount: ${amount}`);
  const format = currencyFormat(currency);
  return format ? format.format(amount as `${number}`) : `${amount} ${currency}`;
}

const percent = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 });

/** "104.35" → "104.4%"; null (no budget) → "—". */
export function formatUsed(value: string | null): string {
  return value === null ? "—" : `${percent.format(value as `${number}`)}%`;
}
