// npm's registry here serves only this platform's native packages, so
// `npm install` writes a package-lock.json without the optional packages of
// other platforms, and `npm ci` then refuses the lock as out of sync. This adds
// the entries npm would have written elsewhere: each optional platform package
// at the version its parent pins, with the os/cpu/libc its name declares, so
// npm ci skips it here exactly as it would with a complete lock.
// Run after changing dependencies: node scripts/complete-lockfile.mjs
import fs from "node:fs";
import { pathToFileURL } from "node:url";

const OS = ["darwin", "linux", "win32", "freebsd", "android", "openbsd", "netbsd", "sunos", "aix", "openharmony"];
const CPU = {
  arm64: "arm64",
  aarch64: "arm64",
  x64: "x64",
  ia32: "ia32",
  arm: "arm",
  armv7: "arm",
  loong64: "loong64",
  ppc64: "ppc64",
  ppc64le: "ppc64",
  riscv64: "riscv64",
  s390x: "s390x",
  mips64el: "mips64el",
  wasm32: "wasm32",
};

export function platformOf(name) {
  const tokens = name.split("/").pop().split("-");
  const os = tokens.find((t) => OS.includes(t));
  const cpu = tokens.map((t) => CPU[t]).find(Boolean);
  const libc = tokens.includes("musl")
    ? "musl"
    : tokens.includes("gnu") || tokens.includes("gnueabihf")
      ? "glibc"
      : undefined;
  return { os, cpu, libc };
}

/** Adds the missing entries to a parsed lock; returns what it added. */
export function completeLock(lock) {
  const added = [];
  for (const [location, entry] of Object.entries(lock.packages)) {
    for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
      const nested = `${location ? `${location}/` : ""}node_modules/${name}`;
      if (lock.packages[nested] || lock.packages[`node_modules/${name}`]) continue;
      if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(spec)) continue;
      const { os, cpu, libc } = platformOf(name);
      if (!os && !cpu) continue;
      lock.packages[`node_modules/${name}`] = {
        version: spec,
        ...(cpu ? { cpu: [cpu] } : {}),
        license: entry.license,
        optional: true,
        ...(os ? { os: [os] } : {}),
        ...(libc ? { libc: [libc] } : {}),
      };
      added.push(`${name}@${spec}`);
    }
  }
  lock.packages = Object.fromEntries(
    Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))),
  );
  return added;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = process.argv[2] ?? "package-lock.json";
  const lock = JSON.parse(fs.readFileSync(file, "utf8"));
  const added = completeLock(lock);
  fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(added.length ? `Added ${added.length} optional platform packages to ${file}.` : `${file} is complete.`);
}
