import "server-only";
import { headers } from "next/headers";
import { getClientIp } from "./client-ip";
import { isAdminAddress } from "./ip-allowlist";

/** Whether this request comes from an address in ADMIN_IP_ALLOWLIST (default: loopback only). */
export async function isAdminAddressAllowed(): Promise<boolean> {
  return isAdminAddress(getClientIp(await headers()));
}
