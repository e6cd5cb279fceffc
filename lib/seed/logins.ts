import type { UserRole } from "@/lib/generated/prisma/enums";

// The accounts a person uses to try the demo. The passwords are published on
// purpose (README, seed output), so they must never exist outside a demo database.

export type DemoLogin = { role: Exclude<UserRole, "guest">; email: string; password: string };

export const DEMO_EMAIL_DOMAIN = "demo.wedding";

export const DEMO_LOGINS: readonly DemoLogin[] = [
  { role: "planner", email: `planner1@${DEMO_EMAIL_DOMAIN}`, password: "demo-planner-1" },
  { role: "planner", email: `planner2@${DEMO_EMAIL_DOMAIN}`, password: "demo-planner-2" },
  { role: "planner", email: `planner3@${DEMO_EMAIL_DOMAIN}`, password: "demo-planner-3" },
  { role: "vendor", email: `vendor@${DEMO_EMAIL_DOMAIN}`, password: "demo-vendor-1" },
  { role: "admin", email: `admin@${DEMO_EMAIL_DOMAIN}`, password: "demo-admin-1" },
];

export const DEMO_EMAILS = DEMO_LOGINS.map((login) => login.email);
