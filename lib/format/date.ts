// DATE columns arrive as UTC midnight, so they are formatted in UTC: any other
// time zone would show the day before for viewers west of Greenwich.
const mediumDate = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

/** "2027-06-12" or a Date → "12 Jun 2027". */
export function formatDate(value: string | Date): string {
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a date: ${String(value)}`);
  return mediumDate.format(date);
}

/** The calendar day of a DATE column as "YYYY-MM-DD", without a time or zone. */
export function toIsoDate(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError("Not a date");
  return date.toISOString().slice(0, 10);
}
