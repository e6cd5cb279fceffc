import { formatDate } from "@/lib/format/date";
import { rsvpUrl } from "@/lib/rsvp/qr";

// The text of one reminder. Plain text only: nothing a guest's or planner's
// input holds is ever interpreted as markup or as a mail header.

export type ReminderEvent = {
  weddingName: string;
  eventName: string;
  /** YYYY-MM-DD */
  eventDate: string;
  /** HH:MM */
  startTime: string;
  endTime: string;
  location: string | null;
  /** YYYY-MM-DD, or null when the wedding has none. */
  rsvpDeadline: string | null;
};

export type ReminderGuest = { fullName: string; qrCode: string };

const MAX_SUBJECT = 300;

/** Collapses line breaks and runs of spaces: a subject is one header line. */
function oneLine(value: string): string {
  return value.replace(/\s+/g, " ").trim();
}

export function composeReminder(
  event: ReminderEvent,
  guest: ReminderGuest,
  origin: string,
  today: string,
): { subject: string; body: string } {
  const subject = oneLine(`Please reply: ${event.eventName} (${event.weddingName})`);
  const deadline = event.rsvpDeadline;
  const ask = !deadline
    ? "Please let us know as soon as you can whether you will come."
    : deadline >= today
      ? `Please let us know by ${formatDate(deadline)} whether you will come.`
      : `The reply deadline was ${formatDate(deadline)}; please let us know as soon as you can whether you will come.`;
  const lines = [
    `Dear ${oneLine(guest.fullName)},`,
    "",
    `We have not had your reply yet for ${oneLine(event.eventName)}, part of ${oneLine(event.weddingName)}:`,
    "",
    `  ${formatDate(event.eventDate)}, ${event.startTime}–${event.endTime}`,
    ...(event.location ? [`  ${oneLine(event.location)}`] : []),
    "",
    ask,
    "",
    "Your personal RSVP link:",
    rsvpUrl(origin, guest.qrCode),
    "",
    "This link is yours alone: please do not share it.",
    "",
    "With warm wishes,",
    `The planning team of ${oneLine(event.weddingName)}`,
  ];
  return {
    subject: subject.length > MAX_SUBJECT ? `${subject.slice(0, MAX_SUBJECT - 1)}…` : subject,
    body: lines.join("\n"),
  };
}
