import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Input, Label, Select } from "@/components/ui/input";
import { ACCOUNT_ROLES, type TUserFilters } from "@/lib/admin/schema";

/** A GET form: the filters land in the address. */
export function UserFilters({ filters }: { filters: TUserFilters }) {
  return (
    <form method="get" action="/admin/users" aria-label="Filter accounts" className="flex flex-wrap items-end gap-4">
      <input type="hidden" name="sort" value={filters.sort} />
      <input type="hidden" name="dir" value={filters.dir} />
      <div className="min-w-56 flex-1">
        <Label htmlFor="users-q">Search</Label>
        <Input
          id="users-q"
          name="q"
          type="search"
          maxLength={100}
          defaultValue={filters.q ?? ""}
          placeholder="Name or email"
          className="mt-1"
        />
      </div>
      <div>
        <Label htmlFor="users-role">Role</Label>
        <Select id="users-role" name="role" defaultValue={filters.role ?? ""} className="mt-1">
          <option value="">All roles</option>
          {ACCOUNT_ROLES.map((role) => (
            <option key={role} value={role}>
              {role}
            </option>
          ))}
        </Select>
      </div>
      <div>
        <Label htmlFor="users-status">Status</Label>
        <Select id="users-status" name="status" defaultValue={filters.status ?? ""} className="mt-1">
          <option value="">Any status</option>
          <option value="active">Active</option>
          <option value="disabled">Disabled</option>
        </Select>
      </div>
      <div className="flex gap-2">
        <button type="submit" className={buttonClasses("primary")}>
          Apply
        </button>
        <Link href="/admin/users" className={buttonClasses("secondary")}>
          Clear
        </Link>
      </div>
    </form>
  );
}
