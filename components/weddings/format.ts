// Display formats for the cockpit and the overview. Money arrives as exact
// decimal strings ("1234.50"); Intl formats such a string digit for digit,
// so no cent is lost to a float on the way.

const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(currency: string): Intl.NumberFormat | null {
  let format = moneyFormats.get(currency);
  if (!format) {
    try {
      format = new Intl.NumberFormat("en-GB", { style: "currency", currency });
    } catch {
      return null;
    }
    moneyFormats.set(currency, format);
  }
  return format;
}

/** "1234.5" in EUR → "€1,234.50". An unknown currency code is shown after the plain amount. */
export function formatMoney(amount: string, currency: string): string {
  if (!/^-?\d+(\.\d+)?$/.test(amount)) throw new RangeError(`Not an amount: ${amount}`);
  const format = moneyFormat(currency);
  return format ? format.format(amount as `${number}`) : `${amount} ${currency}`;
}

const percentFormat = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 });

/** "104.35" → "104.4%"; null (no budget) → null. */
export function formatPercent(value: string | null): string | null {
  if (value === null) return null;
  return `${percentFormat.format(value as `${number}`)}%`;
}

/** 12 → "12 days", 1 → "1 day", 0 → "Today", -3 → "3 days ago". */
export function formatDaysLeft(days: number): string {
  if (days === 0) return "Today";
  const count = Math.abs(days);
  const unit = count === 1 ? "day" : "days";
  return days > 0 ? `${count} ${unit}` : `${count} ${unit} ago`;
}

const AMOUNT = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

function toCents(amount: string): bigint {
  const match = AMOUNT.exec(amount);
  if (!match) throw new RangeError(`Not an amount: ${amount}`);
  const cents = BigInt(match[2]!) * 100n + BigInt((match[3] ?? "").padEnd(2, "0"));
  return match[1] ? -cents : cents;
}

/** a − b of two decimal strings, exact to the cent: "1200.10" − "1000.25" → "199.85". */
export function subtractAmounts(a: string, b: string): string {
  const diff = toCents(a) - toCents(b);
  const abs = diff < 0n ? -diff : diff;
  return `${diff < 0n ? "-" : ""}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
}
