// audit_log.changed_by holds "user:<id>", "guest:<id>" or, for writes made
// without an identity, the database role's name. The viewer shows a person.

export type ActorRef = { kind: "user"; id: number } | { kind: "guest"; id: number } | { kind: "role"; name: string };

export type Actor = { raw: string; label: string };

const MAX_ID = 2_147_483_647;

export function parseActor(raw: string): ActorRef {
  const match = /^(user|guest):(\d{1,10})$/.exec(raw);
  if (match && Number(match[2]) <= MAX_ID) return { kind: match[1] as "user" | "guest", id: Number(match[2]) };
  return { kind: "role", name: raw };
}

export type ActorDirectory = {
  users: Map<number, { name: string; email: string }>;
  guests: Map<number, { fullName: string }>;
};

/** user:0 is the identity of the seed and of maintenance scripts, not an account. */
export const SYSTEM_USER_ID = 0;

export function describeActor(raw: string, directory: ActorDirectory): Actor {
  const ref = parseActor(raw);
  if (ref.kind === "user") {
    if (ref.id === SYSTEM_USER_ID) return { raw, label: "System" };
    const user = directory.users.get(ref.id);
    return { raw, label: user ? `${user.name} (${user.email})` : `Unknown user #${ref.id}` };
  }
  if (ref.kind === "guest") {
    const guest = directory.guests.get(ref.id);
    return { raw, label: guest ? `Guest: ${guest.fullName}` : `Unknown guest #${ref.id}` };
  }
  return { raw, label: `Database role ${ref.name}` };
}

export function actorIds(raws: Iterable<string>): { userIds: number[]; guestIds: number[] } {
  const userIds = new Set<number>();
  const guestIds = new Set<number>();
  for (const raw of raws) {
    const ref = parseActor(raw);
    if (ref.kind === "user" && ref.id !== SYSTEM_USER_ID) userIds.add(ref.id);
    if (ref.kind === "guest") guestIds.add(ref.id);
  }
  return { userIds: [...userIds], guestIds: [...guestIds] };
}
