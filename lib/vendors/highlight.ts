// ts_headline marks each match between U+E000 and U+E001 (private-use
// characters, which the search function removes from the text first). The
// page turns the marked parts into <mark> elements as React text, so nothing
// from the database is ever parsed as HTML.

export const START_SEL = "\uE000";
export const STOP_SEL = "\uE001";

export type THighlightSegment = { text: string; match: boolean };

/** The headline as plain and matched segments; a marker without its partner just ends or starts a segment. */
export function splitHighlight(headline: string): THighlightSegment[] {
  const segments: THighlightSegment[] = [];
  let match = false;
  let text = "";
  const flush = () => {
    if (text) segments.push({ text, match });
    text = "";
  };
  for (const char of headline) {
    if (char === START_SEL || char === STOP_SEL) {
      flush();
      match = char === START_SEL;
    } else {
      text += char;
    }
  }
  flush();
  return segments;
}
