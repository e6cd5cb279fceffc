import "server-only";

// Placeholder until the admin IP allowlist lands: allows every address.
// The sign-in work replaces this with ADMIN_IP_ALLOWLIST checking.
export async function isAdminAddressAllowed(): Promise<boolean> {
  return true;
}
