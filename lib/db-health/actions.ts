"use server";

import { revalidatePath } from "next/cache";
import { userAction } from "@/lib/actions/action";
import { getRequestLogger } from "@/lib/log/request";
import { RESET_LABELS, resetStatistics } from "./reset";
import { ZResetStatsSchema } from "./schema";

// The health page's one write: resetting statistics, admins only (from an
// allowed address, which userAction checks), audited by the database.

export const resetStatisticsAction = userAction(["admin"], ZResetStatsSchema, async ({ target }, identity) => {
  await resetStatistics(identity, target);
  (await getRequestLogger()).info({ userId: identity.userId, target }, "statistics reset");
  revalidatePath("/admin/health");
  return { ok: true, message: `Reset: ${RESET_LABELS[target]}.` };
});
