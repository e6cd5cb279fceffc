import type { Metadata } from "next";
import Link from "next/link";
import { CreateUserForm } from "@/components/admin/create-user-form";
import { UserFilters } from "@/components/admin/user-filters";
import { UsersTable } from "@/components/admin/users-table";
import { AddressNotes } from "@/components/ui/address-notes";
import { Card, CardDescription, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { listUnlinkedVendors, listUsers } from "@/lib/admin/queries";
import { parseUserSearchParams, usersListHref } from "@/lib/admin/schema";
import { requireAdmin } from "@/lib/auth/guards";
import { formatCount } from "@/lib/format/count";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function UsersPage({ searchParams }: Props) {
  const { filters, notes } = parseUserSearchParams(await searchParams);
  const identity = await requireAdmin(usersListHref(filters));
  const result = await listUsers(identity, filters);
  const vendors = await listUnlinkedVendors(identity);
  const pageNotes =
    result.page < filters.page
      ? [...notes, `Page ${filters.page} does not exist; showing page ${result.page}.`]
      : notes;
  const filtered = Boolean(filters.q || filters.role || filters.status);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-ink">Users</h1>
        <p className="mt-1 text-sm text-ink-muted">
          {formatCount(result.total)} {result.total === 1 ? "account" : "accounts"}
          {filtered ? " match the filters" : ""}. Disabling an account, resetting its two-factor authentication or
          changing its role ends its sessions. Every change is recorded in the audit log.
        </p>
      </div>

      <AddressNotes notes={pageNotes} />

      <UserFilters filters={filters} />

      {result.total === 0 ? (
        <EmptyState
          title="No accounts match"
          description={
            <>
              Try another search, or{" "}
              <Link href="/admin/users" className="underline">
                show every account
              </Link>
              .
            </>
          }
        />
      ) : (
        <UsersTable
          rows={result.rows}
          total={result.total}
          page={result.page}
          pageCount={result.pageCount}
          pageSize={result.pageSize}
          filters={{ ...filters, page: result.page }}
          selfId={identity.userId}
        />
      )}

      <Card>
        <CardTitle>Create an account</CardTitle>
        <CardDescription>
          Planners get their planner profile at once. A vendor account can speak for a vendor that has no account yet.
        </CardDescription>
        <div className="mt-4">
          <CreateUserForm vendors={vendors} />
        </div>
      </Card>
    </div>
  );
}
