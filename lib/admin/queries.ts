import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { UserRole } from "@/lib/generated/prisma/enums";
import { withIdentity, type Identity } from "@/lib/db/with-identity";
import { escapeLike } from "@/lib/url/search-params";
import { USERS_PAGE_SIZE, type TUserFilters, type TUserSort } from "./schema";

// Reads for the admin users page. Row-level security shows admins every
// account (policy admin_all); anyone else sees at most their own.

export type UserListRow = {
  id: number;
  email: string;
  name: string;
  role: UserRole;
  mfaEnabled: boolean;
  disabled: boolean;
  /** ISO 8601, or null when the account never signed in. */
  lastSignInAt: string | null;
  createdAt: string;
  /** The vendor a vendor account speaks for, or the planner's company. */
  organisation: string | null;
};

export type UserListPage = { rows: UserListRow[]; total: number; page: number; pageCount: number; pageSize: number };

export type UnlinkedVendor = { id: number; name: string; serviceCategory: string; region: string };

type Order = Prisma.UserOrderByWithRelationInput[];

const ORDER_BY: Record<TUserSort, Record<"asc" | "desc", Order>> = {
  name: { asc: [{ name: "asc" }, { id: "asc" }], desc: [{ name: "desc" }, { id: "desc" }] },
  email: { asc: [{ email: "asc" }, { id: "asc" }], desc: [{ email: "desc" }, { id: "desc" }] },
  role: {
    asc: [{ role: "asc" }, { name: "asc" }, { id: "asc" }],
    desc: [{ role: "desc" }, { name: "asc" }, { id: "asc" }],
  },
  last_sign_in: {
    asc: [{ lastSignInAt: { sort: "asc", nulls: "first" } }, { id: "asc" }],
    desc: [{ lastSignInAt: { sort: "desc", nulls: "last" } }, { id: "desc" }],
  },
  created: { asc: [{ createdAt: "asc" }, { id: "asc" }], desc: [{ createdAt: "desc" }, { id: "desc" }] },
};

function whereFor(filters: TUserFilters): Prisma.UserWhereInput {
  const where: Prisma.UserWhereInput = { role: { not: "guest" } };
  if (filters.role) where.role = filters.role;
  if (filters.status) where.disabledAt = filters.status === "disabled" ? { not: null } : null;
  if (filters.q) {
    const pattern = { contains: escapeLike(filters.q), mode: "insensitive" as const };
    where.OR = [{ email: pattern }, { name: pattern }];
  }
  return where;
}

export async function listUsers(identity: Identity, filters: TUserFilters): Promise<UserListPage> {
  return withIdentity(identity, async (tx) => {
    const where = whereFor(filters);
    const total = await tx.user.count({ where });
    const pageCount = Math.max(1, Math.ceil(total / USERS_PAGE_SIZE));
    const page = Math.min(filters.page, pageCount);
    const users = await tx.user.findMany({
      where,
      orderBy: ORDER_BY[filters.sort][filters.dir],
      skip: (page - 1) * USERS_PAGE_SIZE,
      take: USERS_PAGE_SIZE,
      select: {
        id: true,
        email: true,
        name: true,
        role: true,
        mfaEnabledAt: true,
        disabledAt: true,
        lastSignInAt: true,
        createdAt: true,
        vendor: { select: { name: true } },
        planner: { select: { companyName: true } },
      },
    });
    const rows = users.map((u) => ({
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role,
      mfaEnabled: u.mfaEnabledAt !== null,
      disabled: u.disabledAt !== null,
      lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
      createdAt: u.createdAt.toISOString(),
      organisation:
        (u.role === "vendor" ? u.vendor?.name : u.role === "planner" ? u.planner?.companyName : null) ?? null,
    }));
    return { rows, total, page, pageCount, pageSize: USERS_PAGE_SIZE };
  });
}

/** Vendors no account speaks for yet: the choices when creating a vendor account. */
export async function listUnlinkedVendors(identity: Identity): Promise<UnlinkedVendor[]> {
  return withIdentity(identity, (tx) =>
    tx.vendor.findMany({
      where: { userId: null },
      select: { id: true, name: true, serviceCategory: true, region: true },
      orderBy: [{ name: "asc" }, { id: "asc" }],
      take: 1_000,
    }),
  );
}
