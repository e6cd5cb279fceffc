import "server-only";
import { createHash } from "node:crypto";
import { withIdentity, type Identity } from "@/lib/db/with-identity";

// The contract document. It is generated from the accepted proposal (whose
// lines never change) and the names kept on the contract, by the same SQL
// function that computed its SHA-256 and size at acceptance; the stored
// digest proves that what is served is what was accepted.

export type ContractDocument = { fileName: string; contentType: string; body: Buffer };

export class ContractDocumentMismatchError extends Error {}

/** The document of a contract the identity may see; null otherwise. */
export async function getContractDocument(identity: Identity, contractId: number): Promise<ContractDocument | null> {
  const [row] = await withIdentity(
    identity,
    (tx) =>
      tx.$queryRaw<{ fileName: string; contentType: string; sha256: string; size: number; text: string }[]>`
      SELECT c.document_file_name AS "fileName", c.document_content_type AS "contentType",
             c.document_sha256 AS sha256, c.document_size_bytes AS size,
             contract_document_text(c.proposal_id, c.wedding_name, c.vendor_name, c.currency::text, c.total_amount,
                                    p.valid_until, c.accepted_at) AS text
      FROM contract c JOIN proposal p ON p.proposal_id = c.proposal_id
      WHERE c.contract_id = ${contractId}`,
  );
  if (!row) return null;
  const body = Buffer.from(row.text, "utf8");
  const digest = createHash("sha256").update(body).digest("hex");
  if (digest !== row.sha256 || body.length !== row.size) {
    throw new ContractDocumentMismatchError(`Contract ${contractId}: the document does not match its stored digest.`);
  }
  return { fileName: row.fileName, contentType: row.contentType, body };
}
