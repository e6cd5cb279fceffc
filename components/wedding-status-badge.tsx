import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { WeddingStatus } from "@/lib/generated/prisma/enums";

const tones: Record<WeddingStatus, BadgeTone> = {
  Planning: "brand",
  Confirmed: "success",
  Completed: "neutral",
  Cancelled: "danger",
};

export function WeddingStatusBadge({ status }: { status: WeddingStatus }) {
  return <Badge tone={tones[status]}>{status}</Badge>;
}
