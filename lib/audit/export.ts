import "server-only";
import { stringify } from "csv-stringify/sync";
import type { Prisma } from "@/lib/generated/prisma/client";
import { withIdentity, type Identity } from "@/lib/db/with-identity";
import { describeActor } from "./actor";
import { auditOrderBy, loadActorDirectory, resolveAuditWhere } from "./queries";
import type { TAuditFilters } from "./schema";

// The filtered audit trail as CSV, streamed in batches (each batch its own
// short transaction) and capped, so an export never holds a connection or
// the whole result for long. Rows written after the export started are left
// out, so the batches line up even while people keep working.

export const EXPORT_CAP = 50_000;
const EXPORT_BATCH = 2_000;

export const EXPORT_COLUMNS = [
  "log_id",
  "changed_at",
  "table_name",
  "operation",
  "record_id",
  "actor",
  "actor_name",
  "old_values",
  "new_values",
  "scrubbed_at",
] as const;

export type AuditExport = {
  /** Rows the filters match. */
  total: number;
  /** Rows the CSV holds: the total, or the cap. */
  rows: number;
  truncated: boolean;
  stream: ReadableStream<Uint8Array>;
};

export type ExportOptions = { cap?: number; batchSize?: number };

const SELECT_EXPORT = {
  id: true,
  changedAt: true,
  tableName: true,
  operation: true,
  recordId: true,
  changedBy: true,
  oldValues: true,
  newValues: true,
  scrubbedAt: true,
} satisfies Prisma.AuditLogSelect;

// A cell starting with one of these runs as a formula in spreadsheet apps.
function inertCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function json(value: unknown): string {
  return value === null || value === undefined ? "" : JSON.stringify(value);
}

// A long export runs on the report pool (lib/db/pool-config.ts), never holding the pages' connections.
const REPORT = { pool: "report" } as const;

export async function exportAuditCsv(
  identity: Identity,
  filters: TAuditFilters,
  options: ExportOptions = {},
): Promise<AuditExport> {
  const cap = options.cap ?? EXPORT_CAP;
  const batchSize = options.batchSize ?? EXPORT_BATCH;
  const { where, total } = await withIdentity(
    identity,
    async (tx) => {
      const filtered = await resolveAuditWhere(tx, filters);
      const count = await tx.auditLog.count({ where: filtered });
      const newest = await tx.auditLog.aggregate({ where: filtered, _max: { id: true } });
      const maxId = newest._max.id ?? 0n;
      return { where: { AND: [filtered, { id: { lte: maxId } }] }, total: count };
    },
    REPORT,
  );
  const rows = Math.min(total, cap);
  const orderBy = auditOrderBy(filters);
  const encoder = new TextEncoder();
  let offset = 0;
  let headerSent = false;

  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(stringify([[...EXPORT_COLUMNS]])));
        return;
      }
      if (offset >= rows) {
        controller.close();
        return;
      }
      const take = Math.min(batchSize, rows - offset);
      const batch = await withIdentity(
        identity,
        async (tx) => {
          const found = await tx.auditLog.findMany({ where, orderBy, skip: offset, take, select: SELECT_EXPORT });
          const directory = await loadActorDirectory(
            tx,
            found.map((r) => r.changedBy),
          );
          return found.map((r) => [
            r.id.toString(),
            r.changedAt.toISOString(),
            r.tableName,
            r.operation,
            r.recordId.toString(),
            inertCell(r.changedBy),
            inertCell(describeActor(r.changedBy, directory).label),
            json(r.oldValues),
            json(r.newValues),
            r.scrubbedAt?.toISOString() ?? "",
          ]);
        },
        REPORT,
      );
      offset += take;
      if (batch.length === 0) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(stringify(batch)));
    },
  });
  return { total, rows, truncated: total > cap, stream };
}
