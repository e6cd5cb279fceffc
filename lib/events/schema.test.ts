import { describe, expect, it } from "vitest";
import { endsNextDay, SAME_START_AND_END, ZCreateEventSchema, ZUpdateEventSchema } from "./schema";

const valid = {
  weddingId: "5",
  name: " Reception ",
  eventType: "Reception",
  region: "Ohrid",
  eventDate: "2027-06-12",
  startTime: "18:00",
  endTime: "23:30",
  location: "",
  notes: "",
};

function errorsOf(input: unknown, schema = ZCreateEventSchema) {
  const result = schema.safeParse(input);
  const out: Record<string, string[]> = {};
  for (const issue of result.error?.issues ?? []) (out[issue.path.join(".")] ??= []).push(issue.message);
  return out;
}

describe("ZCreateEventSchema", () => {
  it("trims, normalises times to seconds and drops empty optional fields", () => {
    expect(ZCreateEventSchema.parse(valid)).toEqual({
      weddingId: 5,
      name: "Reception",
      eventType: "Reception",
      region: "Ohrid",
      eventDate: "2027-06-12",
      startTime: "18:00:00",
      endTime: "23:30:00",
    });
  });

  it("accepts an end before the start: the event ends the next day", () => {
    expect(ZCreateEventSchema.safeParse({ ...valid, startTime: "22:00", endTime: "02:00" }).success).toBe(true);
  });

  it("refuses an end equal to the start on the end time, also when one has seconds", () => {
    expect(errorsOf({ ...valid, startTime: "18:00", endTime: "18:00" })).toEqual({ endTime: [SAME_START_AND_END] });
    expect(errorsOf({ ...valid, startTime: "18:00:00", endTime: "18:00" })).toEqual({ endTime: [SAME_START_AND_END] });
  });

  it("gives one message per bad field", () => {
    expect(
      errorsOf({
        ...valid,
        name: "",
        eventType: "Wake",
        region: "r".repeat(101),
        eventDate: "",
        startTime: "",
        endTime: "7pm",
        notes: "n".repeat(5001),
      }),
    ).toEqual({
      name: ["Name the event."],
      eventType: ["Choose a type from the list."],
      region: ["A region has at most 100 characters."],
      eventDate: ["Enter the date."],
      startTime: ["Enter the start time."],
      endTime: ["Enter a time like 18:30."],
      notes: ["The run-of-show note has at most 5000 characters."],
    });
  });
});

describe("ZUpdateEventSchema", () => {
  it("takes Scheduled, Confirmed or Completed, never Cancelled", () => {
    const base = { ...valid, eventId: "9", version: "2026-11-25T09:30:05.123456Z" };
    expect(ZUpdateEventSchema.safeParse({ ...base, status: "Confirmed" }).success).toBe(true);
    expect(errorsOf({ ...base, status: "Cancelled" }, ZUpdateEventSchema)).toEqual({
      status: ["Choose Scheduled, Confirmed or Completed."],
    });
  });
});

describe("endsNextDay", () => {
  it("is true only when the end is earlier than the start", () => {
    expect(endsNextDay("22:00", "02:00")).toBe(true);
    expect(endsNextDay("18:00", "23:30")).toBe(false);
    expect(endsNextDay("00:00", "00:30")).toBe(false);
  });
});
