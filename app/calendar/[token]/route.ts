import { getClientIp, ipThrottleKey } from "@/lib/auth/client-ip";
import { unsafeHitRateLimit } from "@/lib/auth/unsafe-queries";
import { buildIcsCalendar } from "@/lib/calendar/ics";
import { unsafeGetCalendarByToken } from "@/lib/calendar/queries";
import { parseCalendarToken } from "@/lib/calendar/schema";

// GET /calendar/:token — a wedding's events as an iCalendar feed, for calendar
// apps, which have no session (proxy.ts lets /calendar through). The token is
// the only credential: unknown, revoked and malformed tokens all get the same
// 404, and a client that keeps guessing is slowed down.

export const dynamic = "force-dynamic";

const MAX_HITS = 120;
const WINDOW_SECONDS = 60;

function plain(status: number, text: string, headers: Record<string, string> = {}): Response {
  return new Response(text, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

export async function GET(request: Request, { params }: { params: Promise<{ token: string }> }) {
  // The shape first: a malformed token never reaches the database.
  const token = parseCalendarToken((await params).token);
  if (!token) return plain(404, "Not found");
  const clientIp = getClientIp(request.headers);
  const key = clientIp ? `calendar:${ipThrottleKey(clientIp)}` : `calendar:${token}`;
  // Safe: rate_limit_hit() touches only the rate_limit table and answers yes or no.
  if (!(await unsafeHitRateLimit(key, MAX_HITS, WINDOW_SECONDS))) {
    return plain(429, "Too many requests, try again in a minute.", { "Retry-After": String(WINDOW_SECONDS) });
  }
  // Safe: the token has the shape of one, and the function behind this reveals
  // only that token's wedding schedule, and only while the link is live.
  const calendar = await unsafeGetCalendarByToken(token);
  if (!calendar) return plain(404, "Not found");
  const body = buildIcsCalendar({ name: calendar.weddingName, events: calendar.events, now: new Date() });
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="wedding.ics"',
      // Calendar apps poll; each poll must see a revocation at once.
      "Cache-Control": "private, no-cache",
      "Referrer-Policy": "no-referrer",
      "X-Content-Type-Options": "nosniff",
      "X-Robots-Tag": "noindex",
    },
  });
}
