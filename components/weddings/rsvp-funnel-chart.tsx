"use client";

import { Bar, BarChart, CartesianGrid, LabelList, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { WeddingOverview } from "@/lib/weddings/overview";
import { formatCount } from "@/lib/format/count";
import { chartColors } from "./chart-colors";

// Replies per event as one stacked bar (accepted, declined, pending) whose
// length is the number invited. The table after it says the same in words.

type Props = { events: WeddingOverview["rsvpFunnel"] };

export function RsvpFunnelChart({ events }: Props) {
  return (
    <div>
      <div aria-hidden="true" className="text-ink-muted">
        <ResponsiveContainer width="100%" height={Math.max(160, 48 * events.length + 70)}>
          <BarChart
            data={events}
            layout="vertical"
            accessibilityLayer={false}
            margin={{ top: 4, right: 40, bottom: 4, left: 8 }}
          >
            <CartesianGrid horizontal={false} strokeOpacity={0.3} />
            <XAxis type="number" allowDecimals={false} tick={{ fill: "currentColor", fontSize: 12 }} />
            <YAxis
              type="category"
              dataKey="name"
              width={104}
              tick={{ fill: "currentColor", fontSize: 12 }}
              interval={0}
            />
            <Tooltip />
            <Legend formatter={(value: string) => <span className="text-ink">{value}</span>} />
            <Bar
              dataKey="accepted"
              name="Accepted"
              stackId="rsvp"
              fill={chartColors.accepted}
              isAnimationActive={false}
            />
            <Bar
              dataKey="declined"
              name="Declined"
              stackId="rsvp"
              fill={chartColors.declined}
              isAnimationActive={false}
            />
            <Bar dataKey="pending" name="Pending" stackId="rsvp" fill={chartColors.pending} isAnimationActive={false}>
              <LabelList dataKey="invited" position="right" fill="currentColor" fontSize={12} />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      {/* sr-only on a table itself still lays it out at its content width; the wrapper clips it. */}
      <div className="sr-only">
        <table>
          <caption>RSVP replies per event</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Invited</th>
              <th scope="col">Accepted</th>
              <th scope="col">Declined</th>
              <th scope="col">Pending</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.eventId} data-event-id={event.eventId}>
                <th scope="row">{event.name}</th>
                <td>{formatCount(event.invited)}</td>
                <td>{formatCount(event.accepted)}</td>
                <td>{formatCount(event.declined)}</td>
                <td>{formatCount(event.pending)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
