import { Badge, type BadgeTone } from "@/components/ui/badge";

const tones: Record<string, BadgeTone> = {
  succeeded: "success",
  failed: "danger",
  running: "brand",
  skipped: "neutral",
};
const labels: Record<string, string> = {
  succeeded: "Succeeded",
  failed: "Failed",
  running: "Running",
  skipped: "Skipped",
};

export function JobStatusBadge({ status }: { status: string }) {
  return <Badge tone={tones[status] ?? "neutral"}>{labels[status] ?? status}</Badge>;
}
