import { vi } from "vitest";

// A stand-in for next/cache in integration tests, where no Next.js server
// provides the incremental cache: unstable_cache keeps entries in memory with
// their tags (round-tripped through JSON, like the real cache, so a value
// that would not survive serialisation fails here too) and revalidateTag
// drops the tagged ones. Every call is a spy, so tests can assert them.
//   vi.mock("next/cache", async () => (await import("@/lib/test/fake-next-cache")).fakeNextCache);

type Entry = { json: string; tags: string[] };

const entries = new Map<string, Entry>();

function unstableCache<A extends unknown[], R>(
  fn: (...args: A) => Promise<R>,
  keyParts: string[] = [],
  options: { tags?: string[]; revalidate?: number | false } = {},
): (...args: A) => Promise<R> {
  return async (...args: A) => {
    const key = JSON.stringify([keyParts, args]);
    const hit = entries.get(key);
    if (hit) return JSON.parse(hit.json) as R;
    const value = await fn(...args);
    entries.set(key, { json: JSON.stringify(value), tags: options.tags ?? [] });
    return JSON.parse(JSON.stringify(value)) as R;
  };
}

function expireTag(tag: string): void {
  for (const [key, entry] of entries) if (entry.tags.includes(tag)) entries.delete(key);
}

export const fakeNextCache = {
  unstable_cache: vi.fn(unstableCache),
  // The profile and path arguments are only recorded, for assertions on the calls.
  revalidateTag: vi.fn((...[tag]: [tag: string, profile: string | { expire?: number }]) => expireTag(tag)),
  updateTag: vi.fn((tag: string) => expireTag(tag)),
  revalidatePath: vi.fn((...[]: [path: string, type?: "layout" | "page"]) => undefined),
};

/** How many entries the fake cache holds, and a way to empty it between tests. */
export const fakeCacheState = {
  size: () => entries.size,
  clear: () => entries.clear(),
};
