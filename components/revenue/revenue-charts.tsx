"use client";

import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { chartColors } from "@/components/weddings/chart-colors";
import { formatMoney } from "@/components/weddings/format";

// Revenue per month (line) and per category (bar) for one currency. The
// numbers in the charts are for drawing only; each chart's caption says in
// words what it shows, with the exact amounts, and the table below lists them.

type Props = {
  currency: string;
  months: { label: string; total: string }[];
  categories: { category: string; total: string }[];
  monthSummary: string;
  categorySummary: string;
};

export function RevenueCharts({ currency, months, categories, monthSummary, categorySummary }: Props) {
  const compact = new Intl.NumberFormat("en-GB", { style: "currency", currency, notation: "compact" });
  const tick = { fill: "currentColor", fontSize: 12 };
  const money = (value: unknown) => formatMoney(String(value ?? 0), currency);
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <figure className="rounded-lg border border-line bg-surface p-4" data-testid="revenue-line-chart">
        <figcaption>
          <h2 className="text-base font-semibold text-ink">Revenue per month</h2>
          <p className="mt-1 text-sm text-ink-muted">{monthSummary}</p>
        </figcaption>
        <div aria-hidden="true" className="mt-4 text-ink-muted">
          <ResponsiveContainer width="100%" height={260}>
            <LineChart
              data={months.map((m) => ({ label: m.label, total: Number(m.total) }))}
              accessibilityLayer={false}
              margin={{ top: 8, right: 16, bottom: 4, left: 8 }}
            >
              <CartesianGrid strokeOpacity={0.3} />
              <XAxis dataKey="label" tick={tick} />
              <YAxis tick={tick} width={72} tickFormatter={(value: number) => compact.format(value)} />
              <Tooltip formatter={money} />
              <Line
                type="monotone"
                dataKey="total"
                name="Revenue"
                stroke={chartColors.spent}
                strokeWidth={2}
                dot
                isAnimationActive={false}
              />
            </LineChart>
          </ResponsiveContainer>
        </div>
      </figure>
      <figure className="rounded-lg border border-line bg-surface p-4" data-testid="revenue-bar-chart">
        <figcaption>
          <h2 className="text-base font-semibold text-ink">Revenue per category</h2>
          <p className="mt-1 text-sm text-ink-muted">{categorySummary}</p>
        </figcaption>
        <div aria-hidden="true" className="mt-4 text-ink-muted">
          <ResponsiveContainer width="100%" height={Math.max(160, 32 * categories.length + 48)}>
            <BarChart
              data={categories.map((c) => ({ category: c.category, total: Number(c.total) }))}
              layout="vertical"
              accessibilityLayer={false}
              margin={{ top: 4, right: 16, bottom: 4, left: 8 }}
            >
              <CartesianGrid horizontal={false} strokeOpacity={0.3} />
              <XAxis type="number" tick={tick} tickFormatter={(value: number) => compact.format(value)} />
              <YAxis type="category" dataKey="category" width={96} tick={tick} interval={0} />
              <Tooltip formatter={money} />
              <Bar dataKey="total" name="Revenue" fill={chartColors.spent} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </figure>
    </div>
  );
}
