import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { withIdentity, type Identity, type Tx } from "@/lib/db/with-identity";
import { escapeLike } from "@/lib/url/search-params";
import { actorIds, describeActor, type Actor, type ActorDirectory } from "./actor";
import { changedKeys, diffAuditValues, type DiffLine } from "./diff";
import type { TAuditFilters, TAuditSort, TSortDirection } from "./schema";

// Reads of the audit trail. Row-level security decides who sees it (admins
// only, policy admin_read); everyone else gets an empty list, not an error.

export type AuditRow = {
  logId: string;
  /** ISO 8601 instant. */
  changedAt: string;
  tableName: string;
  operation: string;
  recordId: string;
  actor: Actor;
  /** The columns an UPDATE changed (without updated_at); empty for INSERT and DELETE. */
  changedKeys: string[];
  scrubbed: boolean;
};

export type AuditPage = { rows: AuditRow[]; total: number; page: number; pageCount: number; pageSize: number };

export type AuditEntry = AuditRow & { scrubbedAt: string | null; diff: DiffLine[] };

type Order = Prisma.AuditLogOrderByWithRelationInput[];

// Fixed orderings for each sortable column; log_id breaks ties so pages never overlap.
const ORDER_BY: Record<TAuditSort, Record<TSortDirection, Order>> = {
  changed_at: {
    asc: [{ changedAt: "asc" }, { id: "asc" }],
    desc: [{ changedAt: "desc" }, { id: "desc" }],
  },
  table_name: {
    asc: [{ tableName: "asc" }, { id: "asc" }],
    desc: [{ tableName: "desc" }, { id: "desc" }],
  },
  operation: {
    asc: [{ operation: "asc" }, { id: "asc" }],
    desc: [{ operation: "desc" }, { id: "desc" }],
  },
  changed_by: {
    asc: [{ changedBy: "asc" }, { id: "asc" }],
    desc: [{ changedBy: "desc" }, { id: "desc" }],
  },
  record_id: {
    asc: [{ recordId: "asc" }, { id: "asc" }],
    desc: [{ recordId: "desc" }, { id: "desc" }],
  },
};

export function auditOrderBy(filters: Pick<TAuditFilters, "sort" | "dir">): Order {
  return ORDER_BY[filters.sort][filters.dir];
}

/** People an actor filter may name; beyond this many matches, narrow the filter. */
const MAX_ACTOR_MATCHES = 200;

const SELECT_ROW = {
  id: true,
  changedAt: true,
  tableName: true,
  operation: true,
  recordId: true,
  changedBy: true,
  newValues: true,
  scrubbedAt: true,
} satisfies Prisma.AuditLogSelect;

type SelectedRow = Prisma.AuditLogGetPayload<{ select: typeof SELECT_ROW }>;

function nextDay(isoDay: string): Date {
  const date = new Date(`${isoDay}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date;
}

/**
 * The filters as a Prisma where. The actor filter matches the raw actor
 * ("user:5") exactly, or any account or guest whose name or email contains it.
 */
export async function resolveAuditWhere(tx: Tx, filters: TAuditFilters): Promise<Prisma.AuditLogWhereInput> {
  const where: Prisma.AuditLogWhereInput = {};
  if (filters.table) where.tableName = filters.table;
  if (filters.op) where.operation = filters.op;
  if (filters.record) where.recordId = BigInt(filters.record);
  if (filters.from || filters.to) {
    where.changedAt = {
      ...(filters.from ? { gte: new Date(`${filters.from}T00:00:00Z`) } : {}),
      ...(filters.to ? { lt: nextDay(filters.to) } : {}),
    };
  }
  if (filters.actor) where.changedBy = { in: await actorKeys(tx, filters.actor) };
  return where;
}

async function actorKeys(tx: Tx, text: string): Promise<string[]> {
  const pattern = { contains: escapeLike(text), mode: "insensitive" as const };
  // One connection per transaction: queries on tx run one after another anyway.
  const users = await tx.user.findMany({
    where: { OR: [{ email: pattern }, { name: pattern }] },
    select: { id: true },
    orderBy: { id: "asc" },
    take: MAX_ACTOR_MATCHES,
  });
  const guests = await tx.guest.findMany({
    where: { fullName: pattern },
    select: { id: true },
    orderBy: { id: "asc" },
    take: MAX_ACTOR_MATCHES,
  });
  return [text, ...users.map((u) => `user:${u.id}`), ...guests.map((g) => `guest:${g.id}`)];
}

export async function loadActorDirectory(tx: Tx, raws: Iterable<string>): Promise<ActorDirectory> {
  const { userIds, guestIds } = actorIds(raws);
  const users = userIds.length
    ? await tx.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } })
    : [];
  const guests = guestIds.length
    ? await tx.guest.findMany({ where: { id: { in: guestIds } }, select: { id: true, fullName: true } })
    : [];
  return {
    users: new Map(users.map((u) => [u.id, { name: u.name, email: u.email }])),
    guests: new Map(guests.map((g) => [g.id, { fullName: g.fullName }])),
  };
}

export function toAuditRow(row: SelectedRow, directory: ActorDirectory): AuditRow {
  return {
    logId: row.id.toString(),
    changedAt: row.changedAt.toISOString(),
    tableName: row.tableName,
    operation: row.operation,
    recordId: row.recordId.toString(),
    actor: describeActor(row.changedBy, directory),
    changedKeys: changedKeys(row.operation, row.newValues),
    scrubbed: row.scrubbedAt !== null,
  };
}

export async function listAuditRows(
  tx: Tx,
  where: Prisma.AuditLogWhereInput,
  orderBy: Order,
  skip: number,
  take: number,
) {
  const rows = await tx.auditLog.findMany({ where, orderBy, skip, take, select: SELECT_ROW });
  const directory = await loadActorDirectory(
    tx,
    rows.map((r) => r.changedBy),
  );
  return rows.map((row) => toAuditRow(row, directory));
}

/** One page of the audit trail and the number of rows the filters match. A page past the end shows the last page. */
export async function listAuditEntries(identity: Identity, filters: TAuditFilters): Promise<AuditPage> {
  return withIdentity(identity, async (tx) => {
    const where = await resolveAuditWhere(tx, filters);
    const total = await tx.auditLog.count({ where });
    const pageCount = Math.max(1, Math.ceil(total / filters.size));
    const page = Math.min(filters.page, pageCount);
    const rows = await listAuditRows(tx, where, auditOrderBy(filters), (page - 1) * filters.size, filters.size);
    return { rows, total, page, pageCount, pageSize: filters.size };
  });
}

/** One audit row with its old → new values, or null when it does not exist (or the identity may not see it). */
export async function getAuditEntry(identity: Identity, logId: bigint): Promise<AuditEntry | null> {
  return withIdentity(identity, async (tx) => {
    const row = await tx.auditLog.findUnique({
      where: { id: logId },
      select: { ...SELECT_ROW, oldValues: true },
    });
    if (!row) return null;
    const directory = await loadActorDirectory(tx, [row.changedBy]);
    return {
      ...toAuditRow(row, directory),
      scrubbedAt: row.scrubbedAt?.toISOString() ?? null,
      diff: diffAuditValues(row.oldValues, row.newValues),
    };
  });
}
