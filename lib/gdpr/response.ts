import type { PersonalDataExport } from "./export";

/** The export as a download that no shared cache keeps. */
export function personalDataResponse(data: PersonalDataExport, name: string): Response {
  const day = data.exportedAt.slice(0, 10);
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="personal-data-${name}-${day}.json"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
