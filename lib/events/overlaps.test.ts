import { describe, expect, it } from "vitest";
import { eventSpan, findOverlaps, type TimedEvent } from "./overlaps";

const e = (id: number, date: string, startTime: string, endTime: string, status = "Scheduled"): TimedEvent => ({
  id,
  date,
  startTime,
  endTime,
  status,
});

describe("eventSpan", () => {
  it("runs into the next day when the end is before the start", () => {
    const span = eventSpan(e(1, "2027-06-12", "22:00", "02:00"));
    expect(span.end - span.start).toBe(4 * 3600);
  });
});

describe("findOverlaps", () => {
  it("finds events that overlap, past midnight included, and not those back to back", () => {
    const overlaps = findOverlaps([
      e(1, "2027-06-12", "15:00", "16:00"),
      e(2, "2027-06-12", "16:00", "18:00"), // starts as 1 ends: no overlap
      e(3, "2027-06-12", "17:30", "19:00"), // overlaps 2
      e(4, "2027-06-12", "22:00", "02:00"), // until 02:00 on the 13th
      e(5, "2027-06-13", "01:00", "01:30"), // inside 4
      e(6, "2027-06-13", "09:00", "10:00"),
    ]);
    expect(Object.fromEntries(overlaps)).toEqual({ 2: [3], 3: [2], 4: [5], 5: [4] });
  });

  it("ignores cancelled and completed events, like the overview's timeline", () => {
    const overlaps = findOverlaps([
      e(1, "2027-06-12", "15:00", "17:00", "Confirmed"),
      e(2, "2027-06-12", "15:30", "16:00", "Cancelled"),
      e(3, "2027-06-12", "16:00", "18:00", "Completed"),
    ]);
    expect(overlaps.size).toBe(0);
  });

  it("accepts times with seconds", () => {
    expect(
      findOverlaps([e(1, "2027-06-12", "10:00:00", "11:00:00"), e(2, "2027-06-12", "10:59:59", "12:00:00")]).size,
    ).toBe(2);
  });
});
