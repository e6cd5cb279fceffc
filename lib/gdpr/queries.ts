import "server-only";
import type { UserIdentity } from "@/lib/auth/guards";
import { withIdentity } from "@/lib/db/with-identity";

// Small reads for the privacy-request links; row-level security decides what exists.

export async function guestInWedding(identity: UserIdentity, weddingId: number, guestId: number): Promise<boolean> {
  const guest = await withIdentity(identity, (tx) =>
    tx.guest.findFirst({ where: { id: guestId, weddingId }, select: { id: true } }),
  );
  return guest !== null;
}

export async function getWeddingClientId(identity: UserIdentity, weddingId: number): Promise<number | null> {
  const wedding = await withIdentity(identity, (tx) =>
    tx.wedding.findUnique({ where: { id: weddingId }, select: { clientId: true } }),
  );
  return wedding?.clientId ?? null;
}

/** The couple of a wedding, for the privacy section of the overview. */
export async function getWeddingClient(identity: UserIdentity, weddingId: number) {
  return withIdentity(identity, (tx) =>
    tx.wedding.findUnique({ where: { id: weddingId }, select: { client: { select: { id: true, name: true } } } }),
  ).then((w) => w?.client ?? null);
}
