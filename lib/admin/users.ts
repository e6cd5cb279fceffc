import "server-only";
import { hash, type Algorithm } from "@node-rs/argon2";
import { ActionError, type ActionResult } from "@/lib/actions/action";
import type { UserIdentity } from "@/lib/auth/guards";
import { withIdentity, type Tx } from "@/lib/db/with-identity";
import type { TChangeRole, TCreateUser, TResetMfa, TSetDisabled } from "./schema";

// Account management by an admin. Each change is one transaction run as the
// admin, so the audit trigger records the admin as the actor. Changes that
// must end a person's sessions bump session_version, which every session
// check compares.

type Result = ActionResult<{ message: string }>;

// @node-rs/argon2 declares Algorithm as an ambient const enum, which
// isolatedModules cannot read; 2 is its Argon2id member.
const ARGON2ID = 2 as Algorithm;

const EMAIL_TAKEN = "An account with this email exists";

function isUniqueViolation(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  if (code === "P2002" || code === "23505") return true;
  return cause !== undefined && cause !== error && isUniqueViolation(cause);
}

async function findAccount(tx: Tx, userId: number) {
  const user = await tx.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, role: true, disabledAt: true },
  });
  if (!user || user.role === "guest") throw new ActionError("That account does not exist any more.");
  return user;
}

export async function createUser(identity: UserIdentity, input: TCreateUser): Promise<Result> {
  // Hashing is slow on purpose; do it before the transaction starts.
  const passwordHash = await hash(input.password, { algorithm: ARGON2ID });
  try {
    return await withIdentity(identity, async (tx) => {
      const taken = await tx.$queryRaw<{ n: number }[]>`
        SELECT 1 AS n FROM users WHERE lower(email) = lower(${input.email}) LIMIT 1`;
      if (taken.length > 0) throw new ActionError(EMAIL_TAKEN, { email: [EMAIL_TAKEN] });
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, role: input.role, passwordHash },
        select: { id: true },
      });
      if (input.role === "planner") {
        await tx.planner.create({ data: { userId: user.id, companyName: input.companyName ?? null } });
      }
      if (input.role === "vendor" && input.vendorId !== undefined) {
        const linked = await tx.vendor.updateMany({
          where: { id: input.vendorId, userId: null },
          data: { userId: user.id },
        });
        if (linked.count !== 1) {
          const message = "That vendor is already linked to an account, or no longer exists.";
          throw new ActionError(message, { vendorId: [message] });
        }
      }
      return { ok: true as const, message: `Created ${input.role} account ${input.email}.` };
    });
  } catch (error) {
    // Two admins creating the same address at once: the unique index decides.
    if (isUniqueViolation(error)) throw new ActionError(EMAIL_TAKEN, { email: [EMAIL_TAKEN] });
    throw error;
  }
}

export async function setUserDisabled(identity: UserIdentity, input: TSetDisabled): Promise<Result> {
  if (input.disabled && input.userId === identity.userId) {
    throw new ActionError("You cannot disable your own account.");
  }
  return withIdentity(identity, async (tx) => {
    const user = await findAccount(tx, input.userId);
    if (input.disabled === (user.disabledAt !== null)) {
      return { ok: true as const, message: `${user.email} is already ${input.disabled ? "disabled" : "enabled"}.` };
    }
    await tx.user.update({
      where: { id: user.id },
      data: input.disabled ? { disabledAt: new Date(), sessionVersion: { increment: 1 } } : { disabledAt: null },
      select: { id: true },
    });
    return {
      ok: true as const,
      message: input.disabled ? `Disabled ${user.email}; their sessions have ended.` : `Enabled ${user.email}.`,
    };
  });
}

export async function resetUserMfa(identity: UserIdentity, input: TResetMfa): Promise<Result> {
  return withIdentity(identity, async (tx) => {
    const user = await findAccount(tx, input.userId);
    await tx.mfaRecoveryCode.deleteMany({ where: { userId: user.id } });
    await tx.user.update({
      where: { id: user.id },
      data: { mfaSecret: null, mfaEnabledAt: null, sessionVersion: { increment: 1 } },
      select: { id: true },
    });
    return {
      ok: true as const,
      message: `Reset two-factor authentication for ${user.email}; they set it up again at their next sign-in.`,
    };
  });
}

export async function changeUserRole(identity: UserIdentity, input: TChangeRole): Promise<Result> {
  // There is always an admin who can undo a change: nobody demotes themselves.
  if (input.userId === identity.userId) throw new ActionError("You cannot change your own role.");
  return withIdentity(identity, async (tx) => {
    const user = await findAccount(tx, input.userId);
    if (user.role === input.role)
      throw new ActionError(`${user.email} is already ${article(input.role)} ${input.role}.`);
    await tx.user.update({
      where: { id: user.id },
      data: { role: input.role, sessionVersion: { increment: 1 } },
      select: { id: true },
    });
    // A planner account needs its planner row; an earlier one (with its
    // weddings) is kept when someone stops being a planner, and reused.
    if (input.role === "planner") {
      const planner = await tx.planner.findUnique({ where: { userId: user.id }, select: { id: true } });
      if (!planner) await tx.planner.create({ data: { userId: user.id } });
    }
    // A vendor account speaks for its vendor; nobody else should keep that link.
    if (user.role === "vendor") await tx.vendor.updateMany({ where: { userId: user.id }, data: { userId: null } });
    return { ok: true as const, message: `${user.email} is now ${article(input.role)} ${input.role}.` };
  });
}

function article(role: string): string {
  return role === "admin" ? "an" : "a";
}
