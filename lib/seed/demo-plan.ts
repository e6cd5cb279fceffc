import { buildVendors, buildVenues } from "./catalogue";
import { DEMO_LOGINS } from "./logins";
import { createPersonFactory } from "./people";
import type { DemoPlan, PlannerPlan, UserPlan } from "./types";
import { buildWeddings } from "./weddings";
import { createDemoFaker, randomBytes } from "./values";

// The whole demo as plain values. Pure and deterministic: the same plan on
// every run, whatever the clock says, which is what makes --reset reproducible.

const PEOPLE: Record<string, { name: string; companyName?: string; phone?: string }> = {
  "planner1@demo.wedding": {
    name: "Ivana Stojanovska",
    companyName: "Lakeside Weddings Ohrid",
    phone: "+389 70 555 101",
  },
  "planner2@demo.wedding": {
    name: "Giulia Bianchi",
    companyName: "Bianchi Eventi & Matrimoni",
    phone: "+39 333 555 0102",
  },
  "planner3@demo.wedding": { name: "Claire Martin", companyName: "Maison Martin Mariages", phone: "+33 6 55 50 01 03" },
  "vendor@demo.wedding": { name: "Elena Kostova" },
  "admin@demo.wedding": { name: "Demo Admin" },
};

export function buildDemoPlan(): DemoPlan {
  const faker = createDemoFaker();
  const users: UserPlan[] = DEMO_LOGINS.map((login) => ({
    ...login,
    name: PEOPLE[login.email]?.name ?? login.email,
    // A seeded salt keeps the hash identical across runs. That costs nothing
    // here: the demo passwords are public anyway.
    salt: randomBytes(faker, 16),
  }));
  const planners: PlannerPlan[] = users
    .filter((u) => u.role === "planner")
    .map((u) => ({
      email: u.email,
      companyName: PEOPLE[u.email]?.companyName ?? u.name,
      phone: PEOPLE[u.email]?.phone ?? "",
    }));
  const vendorEmail = users.find((u) => u.role === "vendor")?.email;
  if (!vendorEmail) throw new Error("The demo needs a vendor login.");

  const venues = buildVenues();
  const vendors = buildVendors(faker, vendorEmail);
  const people = createPersonFactory(faker);
  const weddings = buildWeddings(
    faker,
    people,
    planners.map((p) => p.email),
    venues,
    vendors,
  );
  return { users, planners, venues, vendors, weddings };
}
