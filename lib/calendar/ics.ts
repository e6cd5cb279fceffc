// An iCalendar (RFC 5545) document of a wedding's events, for calendar apps
// that subscribe to /calendar/[token].
//
// Times are "floating" local times (DTSTART:20270612T150000, no Z and no
// TZID): an event is stored as a day and a wall-clock time in its region, with
// no time zone, so the feed says "15:00" and every calendar shows 15:00 however
// it is set. That is right for the people who will be there; it is an hour or
// more off for someone following from another time zone, which no stored data
// could correct. An end time before the start time ends the next day.

export type TIcsEvent = {
  id: number;
  name: string;
  eventType: string;
  region: string;
  /** "YYYY-MM-DD" */
  date: string;
  /** "HH:MM" or "HH:MM:SS" */
  startTime: string;
  endTime: string;
  location: string | null;
  status: string;
  updatedAt: Date;
};

export const ICS_PRODID = "-//Wedding Planner//Wedding calendar feed//EN";
const CRLF = "\r\n";
const MAX_OCTETS = 75;

/** TEXT values (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped; other controls dropped. */
export function escapeIcsText(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "");
}

/**
 * Folds a content line into physical lines of at most 75 octets (RFC 5545
 * 3.1): each continuation starts with one space, which counts. A UTF-8
 * character is never split.
 */
export function foldIcsLine(line: string): string {
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (octets + size > MAX_OCTETS) {
      parts.push(current);
      current = " ";
      octets = 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(CRLF);
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

/** "2027-06-12" and "15:00" → "20270612T150000" (floating), a day later when `nextDay`. */
export function floatingDateTime(date: string, time: string, nextDay = false): string {
  const day = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(day.getTime())) throw new RangeError(`Not a date: ${date}`);
  if (nextDay) day.setUTCDate(day.getUTCDate() + 1);
  const [h = "00", m = "00", s = "00"] = time.split(":");
  return `${day.getUTCFullYear()}${pad(day.getUTCMonth() + 1)}${pad(day.getUTCDate())}T${h}${m}${s}`;
}

/** An instant in UTC: "20261125T093005Z". */
export function utcDateTime(instant: Date): string {
  return instant
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

function statusOf(status: string): string {
  return status === "Scheduled" ? "TENTATIVE" : "CONFIRMED";
}

export function buildIcsCalendar(calendar: { name: string; events: readonly TIcsEvent[]; now: Date }): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    `PRODID:${ICS_PRODID}`,
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeIcsText(calendar.name)}`,
    "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
    "X-PUBLISHED-TTL:PT1H",
  ];
  const stamp = utcDateTime(calendar.now);
  for (const event of calendar.events) {
    const startTime = event.startTime.length === 5 ? `${event.startTime}:00` : event.startTime;
    const endTime = event.endTime.length === 5 ? `${event.endTime}:00` : event.endTime;
    lines.push(
      "BEGIN:VEVENT",
      `UID:wedding-planner-event-${event.id}@wedding-planner`,
      `DTSTAMP:${stamp}`,
      `LAST-MODIFIED:${utcDateTime(event.updatedAt)}`,
      `DTSTART:${floatingDateTime(event.date, startTime)}`,
      `DTEND:${floatingDateTime(event.date, endTime, endTime < startTime)}`,
      `SUMMARY:${escapeIcsText(event.name)}`,
      `LOCATION:${escapeIcsText(event.location ?? event.region)}`,
      `DESCRIPTION:${escapeIcsText(`${event.eventType} in ${event.region}`)}`,
      `STATUS:${statusOf(event.status)}`,
      "END:VEVENT",
    );
  }
  lines.push("END:VCALENDAR");
  return lines.map(foldIcsLine).join(CRLF) + CRLF;
}
