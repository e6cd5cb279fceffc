import { createHash } from "node:crypto";
import type pg from "pg";

// Walks the audit trail in log_id order and checks both hashes: each row's
// row_hash against its content (recomputed by the same SQL function the
// trigger used, so the canonical JSON is identical), and each chain_hash
// against sha256(previous chain_hash || row_hash). Rows are read in batches
// by keyset, so memory stays flat however long the trail is.

export type AuditBreakReason = "content changed" | "chain broken";

export type AuditVerification = {
  ok: boolean;
  /** Rows checked (up to and including the first broken one). */
  rows: number;
  firstBroken?: { logId: string; reason: AuditBreakReason };
};

export type VerifyOptions = {
  batchSize?: number;
  /** Called after each batch with the rows checked so far. */
  onProgress?: (rows: number) => void;
};

type BatchRow = {
  log_id: string;
  content_ok: boolean | null;
  row_hash: Buffer | null;
  chain_hash: Buffer | null;
};

// Scrubbed rows (erasure) keep row_hash but not the values it was computed
// from, so only their place in the chain is checked.
const BATCH_SQL = `
  SELECT a.log_id,
         CASE WHEN a.scrubbed_at IS NULL
              THEN sha256(convert_to(audit_row_content(a), 'UTF8')) = a.row_hash
              ELSE true END AS content_ok,
         a.row_hash, a.chain_hash
  FROM audit_log a
  WHERE a.log_id > $1
  ORDER BY a.log_id
  LIMIT $2`;

function sha256(...parts: Buffer[]): Buffer {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/**
 * Verifies the whole chain. `client` must connect as the table owner (or a
 * role that may read audit_log): row-level security is forced even for the
 * owner, so the read runs with the admin settings the read policy expects.
 */
export async function verifyAuditChain(client: pg.ClientBase, options: VerifyOptions = {}): Promise<AuditVerification> {
  const batchSize = options.batchSize ?? 5_000;
  // One snapshot for every batch: rows committed meanwhile are not half-seen.
  await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
  try {
    await client.query("SELECT set_config('app.role', 'admin', true), set_config('app.user_id', '0', true)");
    let previous: Buffer = Buffer.alloc(0);
    let lastLogId = "0";
    let rows = 0;
    for (;;) {
      const batch = await client.query<BatchRow>(BATCH_SQL, [lastLogId, batchSize]);
      for (const row of batch.rows) {
        rows++;
        if (row.content_ok !== true || !row.row_hash) {
          return { ok: false, rows, firstBroken: { logId: row.log_id, reason: "content changed" } };
        }
        const expected = sha256(previous, row.row_hash);
        if (!row.chain_hash || !expected.equals(row.chain_hash)) {
          return { ok: false, rows, firstBroken: { logId: row.log_id, reason: "chain broken" } };
        }
        previous = row.chain_hash;
        lastLogId = row.log_id;
      }
      options.onProgress?.(rows);
      if (batch.rows.length < batchSize) break;
    }
    // Deleting the newest rows leaves a chain that is intact but short; the
    // head, which every audited write updates, still names the real end.
    const head = await client.query<{ log_id: string; chain_hash: Buffer }>(
      "SELECT log_id, chain_hash FROM audit_chain_head",
    );
    const end = head.rows[0];
    if (!end || end.log_id !== lastLogId || !end.chain_hash.equals(previous)) {
      return { ok: false, rows, firstBroken: { logId: end?.log_id ?? lastLogId, reason: "chain broken" } };
    }
    return { ok: true, rows };
  } finally {
    await client.query("ROLLBACK");
  }
}
