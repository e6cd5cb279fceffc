import { Alert } from "./alert";

/** Says which parts of a bookmarked address were not understood and fell back to defaults. */
export function AddressNotes({ notes }: { notes: readonly string[] }) {
  if (notes.length === 0) return null;
  return (
    <Alert tone="warning">
      <p className="font-medium">Part of the address was not understood, so defaults were used instead.</p>
      <ul className="mt-1 list-disc pl-5">
        {notes.map((note) => (
          <li key={note}>{note}</li>
        ))}
      </ul>
    </Alert>
  );
}
