// A REPEATABLE READ or SERIALIZABLE transaction that writes can fail with
// SQLSTATE 40001 when a row it updates changed after its snapshot was taken.
// Every audited write updates the audit chain's head row, so under load this
// is ordinary, and the cure is to run the whole transaction again.

const SERIALIZATION = /\b40001\b|could not serialize access/;

export function isSerializationFailure(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const { code, message, meta } = error as { code?: unknown; message?: unknown; meta?: { code?: unknown } };
  if (code === "40001" || code === "P2034" || meta?.code === "40001") return true;
  return typeof message === "string" && SERIALIZATION.test(message);
}

/** Runs `transaction` again (up to `attempts` times in all) while it fails on a serialization conflict. */
export async function retryOnSerializationFailure<T>(transaction: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (error) {
      if (attempt >= attempts || !isSerializationFailure(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 30));
    }
  }
}
