import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { withIdentity, type Identity, type Tx } from "@/lib/db/with-identity";
import { listWeddingThreadsIn, type PlannerThreadSummary } from "@/lib/messages/queries";
import type { TContractStatus, TProposalStatus } from "./schema";

// Proposals and contracts as each side lists them. Money travels as text;
// whether a Sent proposal has expired is the database's call (current_date),
// the same clock the answer is checked against.

export type ProposalLineRow = {
  position: number;
  description: string;
  quantity: number;
  unitPrice: string;
  lineTotal: string;
};

export type ContractSummary = {
  id: number;
  status: TContractStatus;
  acceptedAt: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  /** In the clear for the couple's planner; null for the vendor, who holds no key. */
  storageRef: string | null;
};

export type ProposalRow = {
  id: number;
  weddingId: number;
  weddingName: string;
  weddingDate: string;
  vendorId: number;
  vendorName: string;
  status: TProposalStatus;
  /** Sent, but past its validity day: it can no longer be answered. */
  expired: boolean;
  currency: string;
  total: string;
  validUntil: string;
  message: string | null;
  sentAt: string;
  respondedAt: string | null;
  lines: ProposalLineRow[];
  contract: ContractSummary | null;
};

const TIMESTAMP = Prisma.raw(`'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`);

async function listProposals(tx: Tx, where: Prisma.Sql): Promise<ProposalRow[]> {
  return tx.$queryRaw<ProposalRow[]>`
    SELECT p.proposal_id AS id, p.wedding_id AS "weddingId", w.wedding_name AS "weddingName",
           w.wedding_date::text AS "weddingDate", p.vendor_id AS "vendorId", v.name AS "vendorName",
           p.status::text AS status, (p.status = 'Sent' AND p.valid_until < current_date) AS expired,
           p.currency::text AS currency, p.total_amount::text AS total, p.valid_until::text AS "validUntil",
           p.message, to_char(p.created_at AT TIME ZONE 'UTC', ${TIMESTAMP}) AS "sentAt",
           to_char(p.responded_at AT TIME ZONE 'UTC', ${TIMESTAMP}) AS "respondedAt",
           (SELECT coalesce(json_agg(json_build_object(
                     'position', l.position, 'description', l.description, 'quantity', l.quantity,
                     'unitPrice', l.unit_price::text, 'lineTotal', l.line_total::text) ORDER BY l.position), '[]'::json)
            FROM proposal_line l WHERE l.proposal_id = p.proposal_id) AS lines,
           (SELECT json_build_object(
                     'id', c.contract_id, 'status', c.status, 'acceptedAt', to_char(c.accepted_at AT TIME ZONE 'UTC', ${TIMESTAMP}),
                     'fileName', c.document_file_name, 'contentType', c.document_content_type,
                     'sizeBytes', c.document_size_bytes, 'sha256', c.document_sha256, 'storageRef', app_pii_decrypt(c.document_storage_ref_encrypted, w.client_id))
            FROM contract c WHERE c.proposal_id = p.proposal_id) AS contract
    FROM proposal p
    JOIN wedding w ON w.wedding_id = p.wedding_id
    JOIN vendor v ON v.vendor_id = p.vendor_id
    WHERE ${where}
    ORDER BY p.created_at DESC, p.proposal_id DESC`;
}

export type VendorOption = { id: number; name: string; serviceCategory: string };

export type WeddingVendorsPage = {
  wedding: { id: number; name: string; date: string; currency: string; open: boolean };
  proposals: ProposalRow[];
  threads: PlannerThreadSummary[];
  /** The vendor's messages the planner has not seen yet, across this wedding's threads. */
  unread: number;
  /** Active vendors, for the "Send a proposal" and "Write to a vendor" forms. */
  vendors: VendorOption[];
  /** The database's today, the earliest validity day a new proposal may have. */
  today: string;
};

/** The planner's view of a wedding's vendors; null when the identity may not see the wedding. */
export async function getWeddingVendorsPage(identity: Identity, weddingId: number): Promise<WeddingVendorsPage | null> {
  return withIdentity(identity, async (tx) => {
    const [wedding] = await tx.$queryRaw<
      { id: number; name: string; date: string; currency: string; status: string; today: string }[]
    >`
      SELECT wedding_id AS id, wedding_name AS name, wedding_date::text AS date, currency::text AS currency,
             status::text AS status, current_date::text AS today
      FROM wedding WHERE wedding_id = ${weddingId}`;
    if (!wedding) return null;
    const proposals = await listProposals(tx, Prisma.sql`p.wedding_id = ${weddingId}`);
    const threads = await listWeddingThreadsIn(tx, weddingId);
    const vendors = await tx.vendor.findMany({
      where: { status: "Active" },
      select: { id: true, name: true, serviceCategory: true },
      orderBy: [{ name: "asc" }, { id: "asc" }],
    });
    return {
      wedding: {
        id: wedding.id,
        name: wedding.name,
        date: wedding.date,
        currency: wedding.currency,
        open: wedding.status !== "Completed" && wedding.status !== "Cancelled",
      },
      proposals,
      threads,
      unread: threads.reduce((sum, thread) => sum + thread.unread, 0),
      vendors,
      today: wedding.today,
    };
  });
}

/** The proposals addressed to the signed-in vendor, newest first. */
export async function listVendorProposals(identity: Identity): Promise<ProposalRow[]> {
  return withIdentity(identity, (tx) => listProposals(tx, Prisma.sql`p.vendor_id = (SELECT app_vendor_id())`));
}
