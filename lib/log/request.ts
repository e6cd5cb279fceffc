import "server-only";
import { headers } from "next/headers";
import type { Logger } from "pino";
import { getLogger } from "./logger";
import { REQUEST_ID_HEADER } from "./request-id";

/** The logger for the current request, carrying its id; the plain logger outside a request. */
export async function getRequestLogger(): Promise<Logger> {
  try {
    const id = (await headers()).get(REQUEST_ID_HEADER);
    return id ? getLogger().child({ reqId: id }) : getLogger();
  } catch {
    // headers() throws outside a request (scripts, tests).
    return getLogger();
  }
}
