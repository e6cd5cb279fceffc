import { redirect } from "next/navigation";
import { requireIdentity } from "@/lib/auth/guards";

export const dynamic = "force-dynamic";

// Planners and admins work from the cockpit; vendors from their portal.
export default async function HomePage() {
  const identity = await requireIdentity(["admin", "planner", "vendor"], "/");
  redirect(identity.role === "vendor" ? "/vendor" : "/weddings");
}
