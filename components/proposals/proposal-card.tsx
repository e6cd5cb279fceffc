import type { ReactNode } from "react";
import { formatAmount } from "@/components/budget/money";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { cx } from "@/components/ui/cx";
import { focusRing } from "@/components/ui/focus-ring";
import { formatDate } from "@/lib/format/date";
import { formatDateTime } from "@/lib/format/date-time";
import type { ContractSummary, ProposalRow } from "@/lib/proposals/queries";

// One proposal as both sides see it: who, the lines and the total, how long it
// is valid, its answer, and the contract it became. `actions` holds what the
// viewer may do with it (answer it, or close the contract).

export function proposalStatusLabel(proposal: Pick<ProposalRow, "status" | "expired">): string {
  if (proposal.status === "Sent") return proposal.expired ? "Expired" : "Waiting for an answer";
  return proposal.status;
}

function statusTone(proposal: Pick<ProposalRow, "status" | "expired">): BadgeTone {
  if (proposal.status === "Accepted") return "success";
  if (proposal.status === "Declined" || proposal.expired) return "danger";
  return "warning";
}

function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} bytes` : `${(bytes / 1024).toFixed(1)} KB`;
}

export function ContractDetails({
  contract,
  currency,
  total,
}: {
  contract: ContractSummary;
  currency: string;
  total: string;
}) {
  return (
    <section
      aria-label={`Contract ${contract.id}`}
      className="space-y-2 rounded-md border border-emerald-300 bg-emerald-50/50 p-3 dark:border-emerald-800 dark:bg-emerald-950/40"
    >
      <div className="flex flex-wrap items-center gap-2">
        <h4 className="text-sm font-semibold text-ink">Contract</h4>
        <Badge tone={contract.status === "Cancelled" ? "danger" : "success"}>{contract.status}</Badge>
      </div>
      <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
        <dt className="text-ink-muted">Accepted</dt>
        <dd>
          <time dateTime={contract.acceptedAt}>{formatDateTime(contract.acceptedAt)}</time>
        </dd>
        <dt className="text-ink-muted">Amount</dt>
        <dd className="tabular-nums">{formatAmount(total, currency)}</dd>
        <dt className="text-ink-muted">Document</dt>
        <dd>
          <a
            href={`/contracts/${contract.id}/document`}
            className={cx("rounded-sm font-medium text-brand-700 underline dark:text-brand-200", focusRing)}
          >
            {contract.fileName}
          </a>{" "}
          <span className="text-ink-muted">
            ({contract.contentType.split(";")[0]}, {formatBytes(contract.sizeBytes)})
          </span>
        </dd>
        <dt className="text-ink-muted">SHA-256</dt>
        <dd className="font-mono text-xs break-all">{contract.sha256}</dd>
        <dt className="text-ink-muted">Stored as</dt>
        <dd className="font-mono text-xs break-all">{contract.storageRef ?? "Stored encrypted"}</dd>
      </dl>
    </section>
  );
}

export function ProposalCard({
  proposal,
  heading,
  actions,
}: {
  proposal: ProposalRow;
  /** Who the other side is: the vendor for a planner, the wedding for a vendor. */
  heading: ReactNode;
  actions?: ReactNode;
}) {
  const label = proposalStatusLabel(proposal);
  return (
    <article
      aria-labelledby={`proposal-${proposal.id}-title`}
      className="space-y-4 rounded-lg border border-line bg-surface p-4 shadow-sm sm:p-6"
    >
      <header className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h3 id={`proposal-${proposal.id}-title`} className="text-base font-semibold text-ink">
            {heading}
          </h3>
          <p className="mt-1 text-sm text-ink-muted">
            Proposal {proposal.id} · sent <time dateTime={proposal.sentAt}>{formatDateTime(proposal.sentAt)}</time> ·
            valid until <time dateTime={proposal.validUntil}>{formatDate(proposal.validUntil)}</time>
          </p>
        </div>
        <Badge tone={statusTone(proposal)}>{label}</Badge>
      </header>
      {proposal.message ? <p className="text-sm whitespace-pre-wrap text-ink">{proposal.message}</p> : null}
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Lines of proposal {proposal.id}</caption>
          <thead className="text-xs tracking-wide text-ink-muted uppercase">
            <tr>
              <th scope="col" className="py-1 pr-3 font-medium">
                Item
              </th>
              <th scope="col" className="py-1 pr-3 text-right font-medium">
                Qty
              </th>
              <th scope="col" className="py-1 pr-3 text-right font-medium">
                Unit price
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                Amount
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-line">
            {proposal.lines.map((line) => (
              <tr key={line.position}>
                <td className="py-1.5 pr-3">{line.description}</td>
                <td className="py-1.5 pr-3 text-right tabular-nums">{line.quantity}</td>
                <td className="py-1.5 pr-3 text-right tabular-nums">
                  {formatAmount(line.unitPrice, proposal.currency)}
                </td>
                <td className="py-1.5 text-right tabular-nums">{formatAmount(line.lineTotal, proposal.currency)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="border-t border-line font-semibold">
              <th scope="row" colSpan={3} className="py-2 pr-3 text-right">
                Total
              </th>
              <td className="py-2 text-right tabular-nums">{formatAmount(proposal.total, proposal.currency)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      {proposal.respondedAt && proposal.status === "Declined" ? (
        <p className="text-sm text-ink-muted">
          Declined <time dateTime={proposal.respondedAt}>{formatDateTime(proposal.respondedAt)}</time>.
        </p>
      ) : null}
      {proposal.contract ? (
        <ContractDetails contract={proposal.contract} currency={proposal.currency} total={proposal.total} />
      ) : null}
      {actions}
    </article>
  );
}
