// Which events of a wedding overlap in time. Like the overview's timeline
// (lib/weddings/overview.ts), only Scheduled and Confirmed events count, an
// end time before the start time ends the next day, and two events overlap
// when each starts before the other ends (back to back is not an overlap).

export type TimedEvent = { id: number; date: string; startTime: string; endTime: string; status: string };

const ACTIVE = new Set(["Scheduled", "Confirmed"]);

function seconds(time: string): number {
  const [h = "0", m = "0", s = "0"] = time.split(":");
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}

/** Start and end in seconds since 1970-01-01 (floating local time). */
export function eventSpan(event: Pick<TimedEvent, "date" | "startTime" | "endTime">): { start: number; end: number } {
  const day = Date.UTC(
    Number(event.date.slice(0, 4)),
    Number(event.date.slice(5, 7)) - 1,
    Number(event.date.slice(8, 10)),
  );
  const start = day / 1000 + seconds(event.startTime);
  let end = day / 1000 + seconds(event.endTime);
  if (end < start) end += 86_400;
  return { start, end };
}

/** For each active event, the ids of the active events it overlaps, in the given order. */
export function findOverlaps(events: readonly TimedEvent[]): Map<number, number[]> {
  const active = events.filter((e) => ACTIVE.has(e.status)).map((e) => ({ id: e.id, ...eventSpan(e) }));
  const overlaps = new Map<number, number[]>();
  for (const a of active) {
    const others = active.filter((b) => b.id !== a.id && a.start < b.end && b.start < a.end).map((b) => b.id);
    if (others.length > 0) overlaps.set(a.id, others);
  }
  return overlaps;
}
