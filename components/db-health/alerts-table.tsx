import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { Alert } from "@/lib/db-health/alerts";
import { StatusBadge } from "./status-badge";

/** The report's section 7.3 alerting rules, each with its reading and status. */
export function AlertsTable({ alerts }: { alerts: Alert[] }) {
  return (
    <Table label="Alert thresholds">
      <TableCaption>Alert thresholds (report section 7.3)</TableCaption>
      <TableHeader>
        <tr>
          <TableHead>Rule</TableHead>
          <TableHead>Reading</TableHead>
          <TableHead>Thresholds</TableHead>
          <TableHead>Status</TableHead>
        </tr>
      </TableHeader>
      <TableBody>
        {alerts.map((alert) => (
          <TableRow key={alert.key} data-testid={`alert-${alert.key}`}>
            <TableHead scope="row" className="font-medium normal-case">
              {alert.rule}
              <span className="block text-xs font-normal text-ink-muted">{alert.source}</span>
            </TableHead>
            <TableCell>{alert.reading}</TableCell>
            <TableCell className="text-ink-muted">{alert.thresholds}</TableCell>
            <TableCell>
              <StatusBadge status={alert.status} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
