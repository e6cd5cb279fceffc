import { describe, expect, it } from "vitest";
import { buildIcsCalendar, escapeIcsText, floatingDateTime, foldIcsLine, utcDateTime, type TIcsEvent } from "./ics";

const octets = (text: string) => new TextEncoder().encode(text).length;

function event(overrides: Partial<TIcsEvent> = {}): TIcsEvent {
  return {
    id: 7,
    name: "Ceremony",
    eventType: "Ceremony",
    region: "Ohrid",
    date: "2027-06-12",
    startTime: "15:00:00",
    endTime: "16:30:00",
    location: "St. Sophia Church",
    status: "Confirmed",
    updatedAt: new Date("2026-11-20T10:11:12.345Z"),
    ...overrides,
  };
}

/** The logical lines of an ICS body: unfolded, without the final CRLF. */
function unfold(ics: string): string[] {
  return ics.replace(/\r\n /g, "").split("\r\n").slice(0, -1);
}

describe("escapeIcsText", () => {
  it("escapes backslashes, semicolons, commas and every kind of newline", () => {
    expect(escapeIcsText("a\\b; c, d\ne\r\nf\rg")).toBe("a\\\\b\\; c\\, d\\ne\\nf\\ng");
  });

  it("drops other control characters but keeps tabs and Unicode", () => {
    expect(escapeIcsText("Zoë\u0000 & Åsa\u0007\tparty 🎉")).toBe("Zoë & Åsa\tparty 🎉");
  });

  it("escapes a backslash before what it introduces, so nothing is escaped twice", () => {
    expect(escapeIcsText("\\,")).toBe("\\\\\\,");
  });
});

describe("foldIcsLine", () => {
  it("leaves a line of 75 octets alone", () => {
    const line = `SUMMARY:${"x".repeat(67)}`;
    expect(octets(line)).toBe(75);
    expect(foldIcsLine(line)).toBe(line);
  });

  it("folds longer lines into pieces of at most 75 octets, each continuation starting with one space", () => {
    const line = `DESCRIPTION:${"abcdefghij".repeat(20)}`;
    const folded = foldIcsLine(line);
    const parts = folded.split("\r\n");
    expect(parts.length).toBe(3);
    expect(octets(parts[0]!)).toBe(75);
    for (const part of parts.slice(1)) {
      expect(part.startsWith(" ")).toBe(true);
      expect(octets(part)).toBeLessThanOrEqual(75);
    }
    expect(folded.replace(/\r\n /g, "")).toBe(line);
  });

  it("never splits a multi-byte character", () => {
    const line = `SUMMARY:${"é".repeat(30)}${"🎉".repeat(20)}`;
    const parts = foldIcsLine(line).split("\r\n");
    for (const part of parts) {
      expect(octets(part)).toBeLessThanOrEqual(75);
      // A split character would not survive the round trip through UTF-8.
      expect(new TextDecoder("utf-8", { fatal: true }).decode(new TextEncoder().encode(part))).toBe(part);
    }
    expect(parts.map((part, i) => (i === 0 ? part : part.slice(1))).join("")).toBe(line);
  });
});

describe("floatingDateTime and utcDateTime", () => {
  it("writes a floating local time, without Z or zone", () => {
    expect(floatingDateTime("2027-06-12", "15:00:00")).toBe("20270612T150000");
  });

  it("moves to the next day across month and year ends", () => {
    expect(floatingDateTime("2027-06-30", "02:00:00", true)).toBe("20270701T020000");
    expect(floatingDateTime("2027-12-31", "01:30:00", true)).toBe("20280101T013000");
    expect(floatingDateTime("2028-02-28", "00:15:00", true)).toBe("20280229T001500");
  });

  it("writes instants in UTC", () => {
    expect(utcDateTime(new Date("2026-11-25T09:30:05.999Z"))).toBe("20261125T093005Z");
  });
});

describe("buildIcsCalendar", () => {
  const now = new Date("2026-11-25T08:00:00Z");

  it("is a VCALENDAR with a PRODID and one VEVENT per event, with CRLF line ends", () => {
    const ics = buildIcsCalendar({ name: "Ana & Marko", events: [event(), event({ id: 8, name: "Dinner" })], now });
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    const lines = unfold(ics);
    expect(lines.slice(0, 4)).toEqual([
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//Wedding Planner//Wedding calendar feed//EN",
      "CALSCALE:GREGORIAN",
    ]);
    expect(lines).toContain("X-WR-CALNAME:Ana & Marko");
    expect(lines.filter((l) => l === "BEGIN:VEVENT")).toHaveLength(2);
    expect(lines.filter((l) => l === "END:VEVENT")).toHaveLength(2);
  });

  it("gives each event a stable UID, a DTSTAMP, floating start and end, and its details", () => {
    const lines = unfold(buildIcsCalendar({ name: "W", events: [event()], now }));
    expect(lines).toEqual(
      expect.arrayContaining([
        "UID:wedding-planner-event-7@wedding-planner",
        "DTSTAMP:20261125T080000Z",
        "LAST-MODIFIED:20261120T101112Z",
        "DTSTART:20270612T150000",
        "DTEND:20270612T163000",
        "SUMMARY:Ceremony",
        "LOCATION:St. Sophia Church",
        "DESCRIPTION:Ceremony in Ohrid",
        "STATUS:CONFIRMED",
      ]),
    );
    const later = unfold(buildIcsCalendar({ name: "W", events: [event()], now: new Date("2027-01-01T00:00:00Z") }));
    expect(later).toContain("UID:wedding-planner-event-7@wedding-planner");
  });

  it("ends an event with an end time before its start on the next day", () => {
    const lines = unfold(
      buildIcsCalendar({
        name: "W",
        events: [event({ startTime: "22:00", endTime: "02:00", date: "2027-06-12" })],
        now,
      }),
    );
    expect(lines).toContain("DTSTART:20270612T220000");
    expect(lines).toContain("DTEND:20270613T020000");
  });

  it("falls back to the region without a location, and marks a scheduled event tentative", () => {
    const lines = unfold(
      buildIcsCalendar({ name: "W", events: [event({ location: null, status: "Scheduled" })], now }),
    );
    expect(lines).toContain("LOCATION:Ohrid");
    expect(lines).toContain("STATUS:TENTATIVE");
  });

  it("escapes text and folds long lines, so a hostile name cannot add properties", () => {
    const name = "Party; STATUS:CANCELLED\r\nBEGIN:VALARM, with a very long name that goes on and on past the limit";
    const ics = buildIcsCalendar({ name: "Zoë; Åsa, \\ and all", events: [event({ name })], now });
    for (const physical of ics.split("\r\n")) expect(octets(physical)).toBeLessThanOrEqual(75);
    const lines = unfold(ics);
    expect(lines).toContain("X-WR-CALNAME:Zoë\\; Åsa\\, \\\\ and all");
    expect(lines).toContain(
      "SUMMARY:Party\\; STATUS:CANCELLED\\nBEGIN:VALARM\\, with a very long name that goes on and on past the limit",
    );
    expect(lines).not.toContain("BEGIN:VALARM");
    expect(lines.filter((l) => l.startsWith("STATUS:"))).toEqual(["STATUS:CONFIRMED"]);
  });

  it("is a valid empty calendar without events", () => {
    const lines = unfold(buildIcsCalendar({ name: "W", events: [], now }));
    expect(lines[0]).toBe("BEGIN:VCALENDAR");
    expect(lines.at(-1)).toBe("END:VCALENDAR");
    expect(lines).not.toContain("BEGIN:VEVENT");
  });
});
