import type { TBookable } from "./schema";

// Telling a planner that the day is taken. The NOT EXISTS check and the
// unique indexes give the same message, so whichever catches a double booking
// the planner reads the same thing.

/** "Venue Villa Rosa is already booked on 2027-06-12" */
export function conflictMessage(kind: TBookable["kind"], name: string, day: string): string {
  return `${kind === "venue" ? "Venue" : "Vendor"} ${name} is already booked on ${day}`;
}

export type TDayIndex = "booking_venue_day_key" | "booking_vendor_day_key";

// PostgreSQL reports the partition's copy of an index, named after the
// partition and its columns ("booking_2028_q2_venue_id_event_date_idx"), not
// the parent index. The only unique indexes on those columns are ours.
const DAY_INDEX_NAMES: [RegExp, TDayIndex][] = [
  [/\b(booking_venue_day_key|booking_\w+_venue_id_event_date_idx\d*)\b/, "booking_venue_day_key"],
  [/\b(booking_vendor_day_key|booking_\w+_vendor_id_event_date_idx\d*)\b/, "booking_vendor_day_key"],
];

function uniqueViolationText(error: unknown, seen: Set<unknown>): string | null {
  if (!error || typeof error !== "object" || seen.has(error)) return null;
  seen.add(error);
  const e = error as Record<string, unknown>;
  if (e.code === "23505" || e.originalCode === "23505" || e.code === "P2002") {
    return [e.message, e.originalMessage, JSON.stringify(e.constraint ?? null), JSON.stringify(e.meta ?? null)]
      .map(String)
      .join(" ");
  }
  for (const inner of [e.cause, e.meta, e.driverAdapterError]) {
    const found = uniqueViolationText(inner, seen);
    if (found !== null) return found;
  }
  return null;
}

/**
 * Which day index a failed write violated: a venue's or a one-event-a-day
 * vendor's; "other" for any other unique violation; null for other errors.
 * Prisma 7 wraps a raw query's error as P2010, with the driver's error in
 * `meta.driverAdapterError.cause` ({ originalCode: "23505", constraint: { index } }).
 */
export function violatedDayIndex(error: unknown): TDayIndex | "other" | null {
  const text = uniqueViolationText(error, new Set());
  if (text === null) return null;
  return DAY_INDEX_NAMES.find(([pattern]) => pattern.test(text))?.[1] ?? "other";
}
