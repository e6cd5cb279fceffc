import "server-only";
import { withIdentity, type Identity } from "@/lib/db/with-identity";
import { toIsoDate } from "@/lib/format/date";
import type { WeddingStatus } from "@/lib/generated/prisma/enums";

export type WeddingSummary = {
  id: number;
  name: string;
  /** Calendar day, "YYYY-MM-DD". */
  weddingDate: string;
  coupleName: string;
  status: WeddingStatus;
  guestCount: number;
};

/** Every wedding the identity may see, soonest first. */
export async function listWeddingSummaries(identity: Identity): Promise<WeddingSummary[]> {
  const rows = await withIdentity(identity, (tx) =>
    tx.wedding.findMany({
      select: {
        id: true,
        name: true,
        weddingDate: true,
        status: true,
        client: { select: { name: true } },
        _count: { select: { guests: true } },
      },
      orderBy: [{ weddingDate: "asc" }, { id: "asc" }],
    }),
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    weddingDate: toIsoDate(row.weddingDate),
    coupleName: row.client.name,
    status: row.status,
    guestCount: row._count.guests,
  }));
}
