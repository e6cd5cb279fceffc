import { describe, expect, it } from "vitest";
import {
  HSTS_VALUE,
  buildContentSecurityPolicy,
  buildSecurityHeaders,
  createNonce,
  isTlsRequest,
  setSecurityHeaders,
} from "./headers";

function directives(policy: string): Map<string, string> {
  return new Map(
    policy.split(";").map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values.join(" ")];
    }),
  );
}

describe("createNonce", () => {
  it("is 128 random bits in base64, fresh each time", () => {
    const nonces = new Set(Array.from({ length: 50 }, () => createNonce()));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(Buffer.from(nonce, "base64")).toHaveLength(16);
    }
  });
});

describe("buildContentSecurityPolicy", () => {
  it("allows scripts only with the nonce in production, and no eval", () => {
    const csp = directives(buildContentSecurityPolicy({ nonce: "abc123==", dev: false, tls: false }));
    expect(csp.get("script-src")).toBe("'self' 'nonce-abc123==' 'strict-dynamic'");
    expect(csp.get("style-src")).toBe("'self' 'nonce-abc123=='");
    expect(csp.get("style-src-attr")).toBe("'unsafe-inline'");
    expect(csp.get("default-src")).toBe("'self'");
    expect(csp.get("img-src")).toBe("'self' data: blob:");
    expect(csp.get("font-src")).toBe("'self'");
    expect(csp.get("connect-src")).toBe("'self'");
    expect(csp.get("object-src")).toBe("'none'");
    expect(csp.get("base-uri")).toBe("'self'");
    expect(csp.get("form-action")).toBe("'self'");
    expect(csp.get("frame-ancestors")).toBe("'none'");
    expect(csp.has("upgrade-insecure-requests")).toBe(false);
    for (const value of csp.values()) expect(value).not.toMatch(/unsafe-eval|\*/);
    expect(csp.get("script-src")).not.toContain("unsafe-inline");
  });

  it("adds 'unsafe-eval' and nonce-less inline styles only in development", () => {
    const csp = directives(buildContentSecurityPolicy({ nonce: "n0nce", dev: true, tls: false }));
    expect(csp.get("script-src")).toBe("'self' 'nonce-n0nce' 'strict-dynamic' 'unsafe-eval'");
    expect(csp.get("style-src")).toBe("'self' 'unsafe-inline'");
  });

  it("upgrades insecure requests only under TLS", () => {
    const csp = directives(buildContentSecurityPolicy({ nonce: "n", dev: false, tls: true }));
    expect(csp.has("upgrade-insecure-requests")).toBe(true);
  });

  it("is the form Next.js reads the nonce from", async () => {
    const { getScriptNonceFromHeader } = await import("next/dist/server/app-render/get-script-nonce-from-header");
    const nonce = createNonce();
    expect(getScriptNonceFromHeader(buildContentSecurityPolicy({ nonce, dev: false, tls: true }))).toBe(nonce);
  });
});

describe("buildSecurityHeaders", () => {
  it("sends no referrer from pages whose URL is a credential", () => {
    for (const pathname of ["/rsvp/abc", "/rsvp", "/calendar/tok", "/calendar/tok/"]) {
      expect(buildSecurityHeaders({ pathname, tls: false })["Referrer-Policy"], pathname).toBe("no-referrer");
    }
    for (const pathname of ["/", "/weddings/1/guests", "/rsvpx", "/sign-in", "/_next/static/a.js"]) {
      expect(buildSecurityHeaders({ pathname, tls: false })["Referrer-Policy"], pathname).toBe(
        "strict-origin-when-cross-origin",
      );
    }
  });

  it("denies powerful features, sniffing and framing", () => {
    const headers = buildSecurityHeaders({ pathname: "/", tls: false });
    for (const feature of ["camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"]) {
      expect(headers["Permissions-Policy"]).toContain(`${feature}=()`);
    }
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["X-Frame-Options"]).toBe("DENY");
  });

  it("sends HSTS only under TLS", () => {
    expect(buildSecurityHeaders({ pathname: "/", tls: false })).not.toHaveProperty("Strict-Transport-Security");
    expect(buildSecurityHeaders({ pathname: "/", tls: true })["Strict-Transport-Security"]).toBe(HSTS_VALUE);
    expect(HSTS_VALUE).toBe("max-age=63072000; includeSubDomains");
  });
});

describe("TLS detection", () => {
  const forwardedHttps = new Headers({ "x-forwarded-proto": "https" });

  it("believes x-forwarded-proto only behind a trusted proxy, and APP_URL always", () => {
    expect(isTlsRequest(forwardedHttps, {})).toBe(false);
    expect(isTlsRequest(forwardedHttps, { TRUSTED_PROXY_HEADER: "x-forwarded-for" })).toBe(true);
    expect(isTlsRequest(new Headers({ "x-forwarded-proto": "http" }), { TRUSTED_PROXY_HEADER: "x-real-ip" })).toBe(
      false,
    );
    expect(isTlsRequest(new Headers(), { APP_URL: "https://weddings.example.com" })).toBe(true);
    expect(isTlsRequest(new Headers(), { APP_URL: "http://localhost:3000" })).toBe(false);
  });
});

describe("setSecurityHeaders (server.ts)", () => {
  function run(url: string, headers: Record<string, string | string[]>, env: Record<string, string>) {
    const set = new Map<string, string>();
    setSecurityHeaders({ url, headers }, { setHeader: (name, value) => set.set(name, String(value)) as never }, env);
    return set;
  }

  it("covers static files, with HSTS behind a trusted TLS proxy", () => {
    const plain = run("/_next/static/chunks/app.js", {}, {});
    expect(plain.get("X-Content-Type-Options")).toBe("nosniff");
    expect(plain.has("Strict-Transport-Security")).toBe(false);

    const proxied = run(
      "/_next/static/chunks/app.js",
      { "x-forwarded-proto": "https" },
      { TRUSTED_PROXY_HEADER: "x-forwarded-for" },
    );
    expect(proxied.get("Strict-Transport-Security")).toBe(HSTS_VALUE);
  });

  it("reads the path without its query, decoded", () => {
    expect(run("/rsvp/abc?x=1", {}, {}).get("Referrer-Policy")).toBe("no-referrer");
    expect(run("/%72svp/abc", {}, {}).get("Referrer-Policy")).toBe("no-referrer");
    expect(run("/weddings?next=/rsvp/x", {}, {}).get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
    expect(run("/%E0%A4%A", {}, {}).get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
  });
});
