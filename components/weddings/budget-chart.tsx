"use client";

import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { WeddingOverview } from "@/lib/weddings/overview";
import { chartColors } from "./chart-colors";
import { formatMoney } from "./format";

// Budget against approved spend, one pair of bars per category. The numbers
// in the chart are for drawing only; the table beside it (for screen
// readers) shows the exact amounts from the database.

type Props = { lines: WeddingOverview["budget"]; currency: string };

export function BudgetChart({ lines, currency }: Props) {
  const data = lines.map((line) => ({
    category: line.category,
    budget: Number(line.budget),
    spent: Number(line.spent),
    over: Number(line.spent) > Number(line.budget),
  }));
  const compact = new Intl.NumberFormat("en-GB", { style: "currency", currency, notation: "compact" });
  return (
    <div>
      <div aria-hidden="true" className="text-ink-muted">
        <ResponsiveContainer width="100%" height={Math.max(160, 56 * data.length + 60)}>
          <BarChart
            data={data}
            layout="vertical"
            accessibilityLayer={false}
            margin={{ top: 4, right: 16, bottom: 4, left: 8 }}
          >
            <CartesianGrid horizontal={false} strokeOpacity={0.3} />
            <XAxis
              type="number"
              tickFormatter={(value: number) => compact.format(value)}
              tick={{ fill: "currentColor", fontSize: 12 }}
            />
            <YAxis
              type="category"
              dataKey="category"
              width={96}
              tick={{ fill: "currentColor", fontSize: 12 }}
              interval={0}
            />
            <Tooltip formatter={(value) => formatMoney(String(value ?? 0), currency)} />
            <Bar dataKey="budget" name="Budget" fill={chartColors.budget} isAnimationActive={false} />
            <Bar dataKey="spent" name="Spent (approved)" fill={chartColors.spent} isAnimationActive={false}>
              {data.map((entry) => (
                <Cell key={entry.category} fill={entry.over ? chartColors.overspent : chartColors.spent} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
        {/* Our own legend: recharts' would show one colour for spend, but an overspent category is drawn red. */}
        <ul className="mt-2 flex flex-wrap justify-center gap-x-4 gap-y-1 text-sm text-ink">
          <LegendItem color={chartColors.budget} label="Budget" />
          <LegendItem color={chartColors.spent} label="Spent (approved)" />
          {data.some((entry) => entry.over) ? (
            <LegendItem color={chartColors.overspent} label="Spent, over budget" />
          ) : null}
        </ul>
      </div>
      {/* sr-only on a table itself still lays it out at its content width; the wrapper clips it. */}
      <div className="sr-only">
        <table>
          <caption>Budget and approved spend per category</caption>
          <thead>
            <tr>
              <th scope="col">Category</th>
              <th scope="col">Budget</th>
              <th scope="col">Spent</th>
              <th scope="col">Over budget</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => (
              <tr key={line.category}>
                <th scope="row">{line.category}</th>
                <td>{formatMoney(line.budget, currency)}</td>
                <td>{formatMoney(line.spent, currency)}</td>
                <td>{Number(line.spent) > Number(line.budget) ? "Yes" : "No"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function LegendItem({ color, label }: { color: string; label: string }) {
  return (
    <li className="inline-flex items-center gap-1.5">
      <span className="inline-block size-3 rounded-xs" style={{ backgroundColor: color }} />
      {label}
    </li>
  );
}
