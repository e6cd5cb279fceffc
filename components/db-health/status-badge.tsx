import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { TAlertStatus } from "@/lib/db-health/thresholds";

const TONES: Record<TAlertStatus, BadgeTone> = { OK: "success", WARN: "warning", CRIT: "danger", "N/A": "neutral" };

/** The status in words; the colour only repeats it. */
export function StatusBadge({ status }: { status: TAlertStatus }) {
  return <Badge tone={TONES[status]}>{status}</Badge>;
}
