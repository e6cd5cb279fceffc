// Budget against approved spend, per category, from the budget lines and the
// overview's figures (lib/weddings/overview.ts), so both pages show the same
// numbers. Arithmetic is in whole cents (bigint): money never becomes a float.

export type CategoryFigure = {
  category: string;
  /** The budget line of this category; null when approved expenses have a category without a line. */
  lineId: number | null;
  budget: string;
  spent: string;
  remaining: string;
  /** Spent as a percentage of the budget with 2 decimals; null without a budget. */
  usedPercentage: string | null;
  overBudget: boolean;
};

export function toCents(amount: string): bigint {
  const match = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!match) throw new RangeError(`Not an amount: ${amount}`);
  const cents = BigInt(match[2]!) * 100n + BigInt((match[3] ?? "").padEnd(2, "0"));
  return match[1] ? -cents : cents;
}

export function fromCents(cents: bigint): string {
  const sign = cents < 0n ? "-" : "";
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
}

/** 100 × part / whole for amounts ≥ 0, rounded half up to 2 decimals; null when whole is 0. */
export function percentage(part: bigint, whole: bigint): string | null {
  if (whole <= 0n || part < 0n) return null;
  // Hundredths of a percent: 10000 × part / whole, rounded half up.
  return fromCents((part * 20_000n + whole) / (2n * whole));
}

export function budgetFigures(
  lines: readonly { id: number; category: string; amount: string }[],
  figures: readonly { category: string; budget: string; spent: string }[],
): CategoryFigure[] {
  const lineByCategory = new Map(lines.map((line) => [line.category, line.id]));
  const rows = figures.map((figure) => {
    const budget = toCents(figure.budget);
    const spent = toCents(figure.spent);
    return {
      category: figure.category,
      lineId: lineByCategory.get(figure.category) ?? null,
      budget: fromCents(budget),
      spent: fromCents(spent),
      remaining: fromCents(budget - spent),
      usedPercentage: percentage(spent, budget),
      overBudget: spent > budget,
    };
  });
  // A line the figures do not know yet (added between the two reads) still shows.
  for (const line of lines) {
    if (rows.some((row) => row.category === line.category)) continue;
    const budget = toCents(line.amount);
    rows.push({
      category: line.category,
      lineId: line.id,
      budget: fromCents(budget),
      spent: "0.00",
      remaining: fromCents(budget),
      usedPercentage: percentage(0n, budget),
      overBudget: false,
    });
  }
  return rows.sort((a, b) => a.category.localeCompare(b.category, "en"));
}
