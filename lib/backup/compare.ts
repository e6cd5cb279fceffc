import type { AuditVerification } from "@/lib/audit/verify";
import type { TInventory } from "./inventory";

// Compares a restored database with its source and writes the report. Pure,
// so every kind of difference is unit-tested.

export type TRestoreComparison = { lines: string[]; differences: string[] };

function pad(value: string, width: number, right = false): string {
  return right ? value.padStart(width) : value.padEnd(width);
}

function show(count: number | null | undefined): string {
  if (count === undefined) return "missing";
  if (count === null) return "not populated";
  return String(count);
}

export function compareInventories(
  source: TInventory,
  target: TInventory,
  targetAudit: AuditVerification | null,
  labels: { source: string; target: string },
): TRestoreComparison {
  const lines: string[] = [];
  const differences: string[] = [];

  const names = [...new Set([...Object.keys(source.tables), ...Object.keys(target.tables)])].sort();
  const width = Math.max(5, ...names.map((name) => name.length));
  lines.push(`Source: ${labels.source}`, `Target: ${labels.target}`, "");
  lines.push(
    "Exact row counts, count(*) of every table, partitions included (materialized views are recomputed on restore):",
  );
  lines.push(`  ${pad("table", width)}  ${pad("source", 13, true)}  ${pad("target", 13, true)}`);
  for (const name of names) {
    const a = source.tables[name];
    const b = target.tables[name];
    const same = a === b;
    lines.push(
      `  ${pad(name, width)}  ${pad(show(a), 13, true)}  ${pad(show(b), 13, true)}${same ? "" : "  DIFFERENT"}`,
    );
    if (same) continue;
    if (a === undefined) differences.push(`${name} exists only in the target.`);
    else if (b === undefined) differences.push(`${name} is missing from the target.`);
    else differences.push(`${name}: ${show(a)} rows in the source, ${show(b)} in the target.`);
  }
  lines.push("");

  const key = (m: TInventory["migrations"][number]) =>
    `${m.name} ${m.checksum} ${m.finished ? "applied" : "unfinished"}`;
  const sourceMigrations = source.migrations.map(key);
  const targetMigrations = target.migrations.map(key);
  const migrationsSame =
    sourceMigrations.length === targetMigrations.length && sourceMigrations.every((m, i) => m === targetMigrations[i]);
  if (migrationsSame) {
    lines.push(`Migrations: ${source.migrations.length} in both, names and checksums identical.`);
  } else {
    const onlySource = sourceMigrations.filter((m) => !targetMigrations.includes(m));
    const onlyTarget = targetMigrations.filter((m) => !sourceMigrations.includes(m));
    lines.push("Migrations: DIFFERENT.");
    for (const m of onlySource) lines.push(`  only in the source: ${m}`);
    for (const m of onlyTarget) lines.push(`  only in the target: ${m}`);
    differences.push(
      `The migration history differs (${onlySource.length} only in the source, ${onlyTarget.length} only in the target).`,
    );
  }

  if (!targetAudit) {
    lines.push("Audit chain: the target has no audit trail.");
    differences.push("The target has no audit trail to verify.");
  } else if (targetAudit.ok) {
    lines.push(`Audit chain: verified in the target (${targetAudit.rows} rows).`);
  } else {
    const broken = targetAudit.firstBroken!;
    lines.push(`Audit chain: BROKEN in the target at log_id ${broken.logId} (${broken.reason}).`);
    differences.push(`The target's audit chain is broken at log_id ${broken.logId}: ${broken.reason}.`);
  }

  const headA = source.auditHead;
  const headB = target.auditHead;
  if (headA?.logId === headB?.logId && headA?.chainHash === headB?.chainHash) {
    lines.push(`Audit head: log_id ${headA?.logId ?? "none"} in both, same chain hash.`);
  } else {
    lines.push(
      `Audit head: DIFFERENT (source log_id ${headA?.logId ?? "none"}, target log_id ${headB?.logId ?? "none"}).`,
    );
    differences.push("The audit chain's head differs: the target does not end where the source does.");
  }

  lines.push("");
  lines.push(
    differences.length === 0
      ? `RESULT: OK. ${names.length} tables, the migrations and the audit chain match.`
      : `RESULT: ${differences.length} difference(s):`,
  );
  for (const difference of differences) lines.push(`  - ${difference}`);
  return { lines, differences };
}
