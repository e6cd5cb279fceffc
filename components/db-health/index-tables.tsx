import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { IndexUsage } from "@/lib/db-health/analysis";
import { enforcesARule } from "@/lib/db-health/analysis";
import { formatBytes, formatInteger } from "@/lib/db-health/format";

function partitionsText(partitions: number): string {
  return partitions > 0 ? `${formatInteger(partitions)} partitions` : "";
}

/** idx_scan = 0 summed over every partition copy, rule-enforcing indexes left out. */
export function UnusedIndexesTable({ indexes }: { indexes: IndexUsage[] }) {
  if (indexes.length === 0) {
    return (
      <EmptyState
        title="Every index has been used"
        description="Since the statistics were last reset, each index that enforces no rule has been scanned at least once."
      />
    );
  }
  return (
    <Table label="Unused indexes">
      <TableCaption>
        Unused indexes since the last reset (candidates for review, not for automatic removal)
      </TableCaption>
      <TableHeader>
        <tr>
          <TableHead>Index</TableHead>
          <TableHead>Table</TableHead>
          <TableHead className="text-right">Size</TableHead>
          <TableHead>Definition</TableHead>
        </tr>
      </TableHeader>
      <TableBody>
        {indexes.map((index) => (
          <TableRow key={index.indexName} data-testid="unused-index">
            <TableCell className="font-mono text-xs">
              {index.indexName}
              <span className="block font-sans text-ink-muted">{partitionsText(index.partitions)}</span>
            </TableCell>
            <TableCell>{index.tableName}</TableCell>
            <TableCell className="text-right tabular-nums">{formatBytes(index.bytes)}</TableCell>
            <TableCell>
              <code className="block max-w-lg truncate font-mono text-xs" title={index.definition}>
                {index.definition}
              </code>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Every index with its scans, grouped by table: the report's index popularity view (section 2.4). */
export function IndexUsageTable({ indexes }: { indexes: IndexUsage[] }) {
  const maxScans = Math.max(1, ...indexes.map((i) => i.scans));
  return (
    <Table label="Index use">
      <TableCaption>Index use per table</TableCaption>
      <TableHeader>
        <tr>
          <TableHead>Table</TableHead>
          <TableHead>Index</TableHead>
          <TableHead className="text-right">Scans</TableHead>
          <TableHead className="text-right">Rows read</TableHead>
          <TableHead className="text-right">Size</TableHead>
          <TableHead>Enforces</TableHead>
        </tr>
      </TableHeader>
      <TableBody>
        {indexes.map((index) => (
          <TableRow key={index.indexName}>
            <TableCell>{index.tableName}</TableCell>
            <TableCell className="font-mono text-xs">{index.indexName}</TableCell>
            <TableCell className="text-right tabular-nums">
              {/* A bar whose length is the share of the busiest index's scans; the number says it in words. */}
              <span className="inline-flex items-center justify-end gap-2">
                <span
                  aria-hidden="true"
                  className="inline-block h-2 rounded-sm bg-brand-600"
                  style={{ width: `${Math.round((64 * index.scans) / maxScans)}px` }}
                />
                {formatInteger(index.scans)}
              </span>
            </TableCell>
            <TableCell className="text-right tabular-nums">{formatInteger(index.tuplesRead)}</TableCell>
            <TableCell className="text-right tabular-nums">{formatBytes(index.bytes)}</TableCell>
            <TableCell className="text-ink-muted">
              {index.isPrimary
                ? "primary key"
                : index.isUnique
                  ? "uniqueness"
                  : index.isExclusion
                    ? "exclusion"
                    : enforcesARule(index)
                      ? "a rule"
                      : "—"}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
