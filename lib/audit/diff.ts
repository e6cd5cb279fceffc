// What an audit row changed, key by key. On UPDATE the trigger stores only the
// columns that changed; INSERT has only new values and DELETE only old ones.

export type DiffLine = {
  key: string;
  /** The value as text; null when the row had no such value (an INSERT's "before"). */
  before: string | null;
  after: string | null;
};

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A JSON value as text: strings as they are, everything else as JSON. */
export function formatAuditValue(value: unknown): string {
  if (typeof value === "string") return value;
  return JSON.stringify(value) ?? "null";
}

export function diffAuditValues(oldValues: unknown, newValues: unknown): DiffLine[] {
  const before = asRecord(oldValues);
  const after = asRecord(newValues);
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.map((key) => ({
    key,
    before: key in before ? formatAuditValue(before[key]) : null,
    after: key in after ? formatAuditValue(after[key]) : null,
  }));
}

// Every update touches updated_at; listing it would only add noise to a summary.
const NOISE = new Set(["updated_at"]);

/** The changed columns of an UPDATE, for a one-line summary. */
export function changedKeys(operation: string, newValues: unknown): string[] {
  if (operation !== "UPDATE") return [];
  return Object.keys(asRecord(newValues))
    .filter((key) => !NOISE.has(key))
    .sort();
}
