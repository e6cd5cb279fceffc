"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TrendSample } from "@/lib/db-health/trend";

// The last 24 hours of samples (one per visit to the page): the buffer cache
// hit ratio on the left axis, connections on the right. The summary beside it
// says the same in words, so the chart itself is hidden from screen readers.

const COLORS = { hit: "#0f766e", connections: "#7c3aed" } as const;
const time = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "UTC" });

export function TrendChart({ points, summary }: { points: TrendSample[]; summary: string }) {
  const data = points.map((p) => ({ ...p, t: Date.parse(p.at) }));
  return (
    <figure>
      <div aria-hidden="true" className="text-ink-muted">
        <ResponsiveContainer width="100%" height={240}>
          <LineChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 4, left: 0 }}>
            <CartesianGrid strokeOpacity={0.3} />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={["dataMin", "dataMax"]}
              tickFormatter={(t: number) => time.format(t)}
              tick={{ fill: "currentColor", fontSize: 12 }}
            />
            <YAxis
              yAxisId="hit"
              domain={[(min: number) => Math.max(0, Math.floor(Math.min(min, 95))), 100]}
              tickFormatter={(v: number) => `${v} %`}
              tick={{ fill: "currentColor", fontSize: 12 }}
              width={52}
            />
            <YAxis
              yAxisId="connections"
              orientation="right"
              allowDecimals={false}
              tick={{ fill: "currentColor", fontSize: 12 }}
              width={40}
            />
            <Tooltip labelFormatter={(t) => `${time.format(Number(t))} UTC`} />
            <Legend formatter={(value: string) => <span className="text-ink">{value}</span>} />
            <Line
              yAxisId="hit"
              dataKey="cacheHitPct"
              name="Cache hit ratio (%)"
              stroke={COLORS.hit}
              dot={points.length < 40}
              connectNulls
              isAnimationActive={false}
            />
            <Line
              yAxisId="connections"
              dataKey="connections"
              name="Connections"
              stroke={COLORS.connections}
              dot={points.length < 40}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="mt-2 text-sm text-ink-muted" data-testid="trend-summary">
        {summary}
      </figcaption>
    </figure>
  );
}
