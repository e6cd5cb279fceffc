// Reading PostgreSQL's EXPLAIN (FORMAT JSON) output: the top node, every scan
// with its index, the partitions a statement touches, and a check that a plan
// uses what it was built to use. Pure functions over the JSON, so they are
// unit-tested with captured plans; lib/bench/explain.ts gets the plans from a
// database.

export type PlanNode = {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Function Name"?: string;
  "CTE Name"?: string;
  Alias?: string;
  Strategy?: string;
  "Parent Relationship"?: string;
  "Subplan Name"?: string;
  /** Partitions removed at executor start-up (run-time pruning). */
  "Subplans Removed"?: number;
  "Index Cond"?: string;
  "Recheck Cond"?: string;
  Filter?: string;
  "Actual Total Time"?: number;
  Plans?: PlanNode[];
};

/** One element of EXPLAIN (FORMAT JSON)'s array, or one plan auto_explain logged. */
export type ExplainedPlan = {
  Plan: PlanNode;
  "Query Text"?: string;
  "Planning Time"?: number;
  "Execution Time"?: number;
};

/**
 * Names of partitions and of their indexes mapped to their partitioned
 * parent (booking_2026_q2 → booking; booking_2026_q2_client_id_booking_date_idx
 * → idx_client_booking_date). From pg_inherits; see loadPlanContext().
 */
export type PlanContext = {
  parents: ReadonlyMap<string, string>;
  /**
   * Rows per relation (pg_class.reltuples after ANALYZE), partitions and
   * partitioned parents alike. With it, "large" means at least
   * largeTableRows rows in the database checked; without it, LARGE_TABLES.
   */
  rows?: ReadonlyMap<string, number>;
  largeTableRows?: number;
};

export const EMPTY_CONTEXT: PlanContext = { parents: new Map() };

/**
 * A table this big is large: a sequential scan of it is a regression. At
 * `small` scale that is booking, payment, vendor, guest, event_rsvp, wedding
 * and client; a 2,000-row event table is read whole when that is cheaper.
 */
export const LARGE_TABLE_ROWS = 10_000;

// The tables the benchmark fills, for plans checked without row counts.
// Small lookup tables (mv_monthly_revenue, catalogues of enums, pg_catalog)
// are not here.
export const LARGE_TABLES = [
  "users",
  "planner",
  "client",
  "wedding",
  "household",
  "guest",
  "event",
  "event_rsvp",
  "budget",
  "expense",
  "venue",
  "vendor",
  "booking",
  "payment",
  "payment_installment",
] as const;

/** One index, or alternatives of which one is enough. Partition copies count as their parent index. */
export type IndexNames = string | readonly string[];

/** An index required only where its table is large (in the database the plan comes from). */
export type IndexRule = { index: IndexNames; whenLarge?: string };

export type PlanExpectation = {
  /** Indexes the plan must use. */
  indexes?: readonly (IndexNames | IndexRule)[];
  /** Partitioned tables the plan must prune, to at most this many partitions. */
  pruning?: readonly { table: string; maxPartitions: number }[];
  /** Tables never to be read by a Seq Scan; by default the large ones (see PlanContext). */
  largeTables?: readonly string[];
  /** Sequential scans that are expected, each with the reason. */
  allowSeqScan?: readonly { table: string; why: string }[];
  /** Tables the plan must read (e.g. a materialized view instead of its base tables). */
  reads?: readonly string[];
  /** Tables the plan must not read at all. */
  avoids?: readonly string[];
};

export type ScanInfo = {
  nodeType: string;
  /** The relation as named in the plan (a partition's own name). */
  relation: string | null;
  /** The relation's partitioned parent, or the relation itself. */
  table: string | null;
  index: string | null;
  /** The index's partitioned parent, or the index itself. */
  parentIndex: string | null;
  description: string;
};

export type PlanSummary = {
  /** The root node, e.g. "Limit" or "Index Scan using idx_guest_wedding on guest". */
  top: string;
  /** The first node that reads a table, depth first: what the report's tables call the plan. */
  access: string | null;
  scans: ScanInfo[];
  /** Partitions read per partitioned table (only tables that have partitions in the plan). */
  partitions: Record<string, string[]>;
  /** Partitions removed at executor start-up, summed over the plan. */
  subplansRemoved: number;
};

export type PlanCheck = { ok: boolean; problems: string[]; summary: PlanSummary };

const PARTITION_SUFFIX = /_(?:\d{4}_(?:q[1-4]|\d{2})|default)$/;

/** Every node of the plan, depth first, the root first. */
export function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}

function parentOf(name: string, context: PlanContext): string {
  const mapped = context.parents.get(name);
  if (mapped) return mapped;
  // Without pg_inherits, booking_2026_q2 and payment_2026_06 still read as their table.
  return PARTITION_SUFFIX.test(name) ? name.replace(PARTITION_SUFFIX, "") : name;
}

/** "Index Scan using idx on guest", "Seq Scan on payment_2026_03", "Bitmap Index Scan on idx", "HashAggregate". */
export function describeNode(node: PlanNode): string {
  const type = node["Node Type"];
  const relation = node["Relation Name"];
  const index = node["Index Name"];
  if (type === "Aggregate" && node.Strategy && node.Strategy !== "Plain") {
    return `${node.Strategy === "Hashed" ? "Hash" : node.Strategy === "Sorted" ? "Group" : node.Strategy}Aggregate`;
  }
  if (index && relation) return `${type} using ${index} on ${relation}`;
  if (index) return `${type} on ${index}`;
  if (relation) return `${type} on ${relation}`;
  if (node["Function Name"]) return `${type} on ${node["Function Name"]}`;
  if (node["CTE Name"]) return `${type} on ${node["CTE Name"]}`;
  return type;
}

function isScan(node: PlanNode): boolean {
  return node["Relation Name"] !== undefined || node["Index Name"] !== undefined;
}

function scanInfo(node: PlanNode, context: PlanContext): ScanInfo {
  const relation = node["Relation Name"] ?? null;
  const index = node["Index Name"] ?? null;
  return {
    nodeType: node["Node Type"],
    relation,
    table: relation === null ? null : parentOf(relation, context),
    index,
    parentIndex: index === null ? null : parentOf(index, context),
    description: describeNode(node),
  };
}

/** The root, the first table access, every scan and the partitions read, of one plan or several (nested statements). */
export function summarizePlan(
  plans: PlanNode | readonly PlanNode[],
  context: PlanContext = EMPTY_CONTEXT,
): PlanSummary {
  const roots = Array.isArray(plans) ? (plans as readonly PlanNode[]) : [plans as PlanNode];
  if (roots.length === 0) throw new Error("No plan to summarize.");
  const nodes = roots.flatMap(planNodes);
  const scans = nodes.filter(isScan).map((node) => scanInfo(node, context));
  const partitions: Record<string, string[]> = {};
  for (const scan of scans) {
    if (scan.relation === null || scan.table === null || scan.table === scan.relation) continue;
    const list = (partitions[scan.table] ??= []);
    if (!list.includes(scan.relation)) list.push(scan.relation);
  }
  for (const list of Object.values(partitions)) list.sort();
  const access = nodes.find((node) => node["Relation Name"] !== undefined || node["Function Name"] !== undefined);
  return {
    top: describeNode(roots[0]!),
    access: access ? describeNode(access) : null,
    scans,
    partitions,
    subplansRemoved: nodes.reduce((sum, node) => sum + (node["Subplans Removed"] ?? 0), 0),
  };
}

/**
 * Whether the plan uses what the expectation names. Fails on sequential
 * scans that read a large table (unless allowed, with a reason), on an
 * intended index that is not used, on a table it must (not) read, and on a
 * partitioned table read in more partitions than allowed (no pruning).
 *
 * "Large": with row counts in the context, a table of which the plan's
 * sequential scans read at least largeTableRows rows: a whole table that
 * big, or partitions that add up to it. A pruned partition of a few hundred
 * rows, or empty partitions, are not large; every partition of a big table
 * is. Without row counts, any sequential scan of LARGE_TABLES.
 */
export function checkPlan(
  plans: PlanNode | readonly PlanNode[],
  expectation: PlanExpectation,
  context: PlanContext = EMPTY_CONTEXT,
): PlanCheck {
  const summary = summarizePlan(plans, context);
  const problems: string[] = [...seqScanProblems(summary, expectation, context)];
  const used = new Set(summary.scans.flatMap((scan) => (scan.parentIndex ? [scan.parentIndex] : [])));
  const large = largeTables(context);
  for (const wanted of expectation.indexes ?? []) {
    const rule: IndexRule = isIndexRule(wanted) ? wanted : { index: wanted };
    // An index on a table that is small in this database is not required: reading it whole may be cheaper.
    if (rule.whenLarge && large && (large.get(rule.whenLarge) ?? 0) < (context.largeTableRows ?? LARGE_TABLE_ROWS)) {
      continue;
    }
    const options = typeof rule.index === "string" ? [rule.index] : rule.index;
    if (!options.some((name) => used.has(name))) {
      const usedList = [...used].sort().join(", ") || "none";
      problems.push(`does not use ${options.join(" or ")} (uses ${usedList})`);
    }
  }
  const tables = new Set(summary.scans.flatMap((scan) => (scan.table ? [scan.table] : [])));
  for (const table of expectation.reads ?? []) {
    if (!tables.has(table)) problems.push(`does not read ${table}`);
  }
  for (const table of expectation.avoids ?? []) {
    if (tables.has(table)) problems.push(`reads ${table}, which it should not need`);
  }
  for (const rule of expectation.pruning ?? []) {
    const read = summary.partitions[rule.table];
    const readsTable = summary.scans.some((scan) => scan.table === rule.table);
    if (!readsTable) {
      problems.push(`does not read ${rule.table} at all, so its pruning cannot be checked`);
    } else if (!read) {
      problems.push(`reads ${rule.table} without naming a partition: no partition pruning`);
    } else if (read.length > rule.maxPartitions) {
      problems.push(
        `reads ${read.length} partitions of ${rule.table} (at most ${rule.maxPartitions} expected): no partition pruning`,
      );
    }
  }
  return { ok: problems.length === 0, problems, summary };
}

function isIndexRule(entry: IndexNames | IndexRule): entry is IndexRule {
  return typeof entry === "object" && !Array.isArray(entry);
}

function seqScanProblems(summary: PlanSummary, expectation: PlanExpectation, context: PlanContext): string[] {
  const allowed = new Set((expectation.allowSeqScan ?? []).map((a) => a.table));
  const seqScans = summary.scans.filter(
    (scan) => scan.nodeType === "Seq Scan" && scan.table !== null && scan.relation !== null && !allowed.has(scan.table),
  );
  const listed = expectation.largeTables ?? (context.rows ? null : LARGE_TABLES);
  if (listed) {
    return seqScans
      .filter((scan) => listed.includes(scan.table!))
      .map((scan) => `${scan.description}: a sequential scan of the large table ${scan.table}`);
  }
  const threshold = context.largeTableRows ?? LARGE_TABLE_ROWS;
  const byTable = new Map<string, { relations: Set<string>; rows: number }>();
  for (const scan of seqScans) {
    const entry = byTable.get(scan.table!) ?? { relations: new Set<string>(), rows: 0 };
    if (!entry.relations.has(scan.relation!)) {
      entry.relations.add(scan.relation!);
      entry.rows += Math.max(context.rows!.get(scan.relation!) ?? 0, 0);
    }
    byTable.set(scan.table!, entry);
  }
  const problems: string[] = [];
  for (const [table, entry] of byTable) {
    if (entry.rows < threshold) continue;
    const relations = [...entry.relations].sort();
    const what = relations.length === 1 ? `Seq Scan on ${relations[0]}` : `Seq Scans on ${relations.length} partitions`;
    problems.push(`${what}: a sequential scan of the large table ${table} (${Math.round(entry.rows)} rows)`);
  }
  return problems;
}

/** Rows per table (partitions summed into their parent), or null without row counts. */
function largeTables(context: PlanContext): Map<string, number> | null {
  const rows = context.rows;
  if (!rows) return null;
  const totals = new Map<string, number>();
  for (const [relation, count] of rows) {
    const table = parentOf(relation, context);
    if (table !== relation) totals.set(table, (totals.get(table) ?? 0) + Math.max(count, 0));
  }
  // A partitioned parent's own count is -1 or 0: its partitions' sum stands.
  for (const [relation, count] of rows) {
    if (parentOf(relation, context) === relation && !totals.has(relation)) totals.set(relation, Math.max(count, 0));
  }
  return totals;
}

/** The plan of EXPLAIN (FORMAT JSON)'s single result row ("QUERY PLAN"), as pg and Prisma return it. */
export function planFromExplainRow(value: unknown): ExplainedPlan {
  const parsed: unknown = typeof value === "string" ? JSON.parse(value) : value;
  const first = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!first || typeof first !== "object" || !("Plan" in first)) {
    throw new Error("Not an EXPLAIN (FORMAT JSON) result.");
  }
  return first as ExplainedPlan;
}

/**
 * The plans in auto_explain's log messages ("duration: 0.123 ms  plan:\n{…}"),
 * as a session with client_min_messages = log receives them.
 */
export function plansFromAutoExplain(messages: readonly string[]): ExplainedPlan[] {
  const plans: ExplainedPlan[] = [];
  for (const message of messages) {
    const start = message.indexOf("{");
    if (!message.startsWith("duration:") || start < 0) continue;
    plans.push(planFromExplainRow(message.slice(start)));
  }
  return plans;
}
