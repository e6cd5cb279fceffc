// Instants (TIMESTAMPTZ) for admin screens, in UTC: the server cannot know the
// viewer's zone, and the audit trail's date filters count whole UTC days too.
const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

/** "2026-11-01T14:03:05.123Z" or a Date → "1 Nov 2026, 14:03:05 UTC". */
export function formatDateTime(value: string | Date): string {
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a date: ${String(value)}`);
  return `${dateTime.format(date)} UTC`;
}
