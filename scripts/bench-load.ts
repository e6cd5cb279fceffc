import cliProgress from "cli-progress";
import { z } from "zod";
import { openBenchDatabase } from "@/lib/bench/cluster";
import { loadBenchData, type LoadProgress } from "@/lib/bench/load";
import { SCALES, ZScale } from "@/lib/bench/scales";
import { parseCli, runMain } from "./cli";

// npm run bench:load -- --scale small|medium|full
// Recreates wp_bench_<scale> on the benchmark cluster (never the dev data),
// migrates it and loads it, with a progress bar and ETA per table.

const ZBenchLoadArgsSchema = z.object({ scale: ZScale.default("small"), positionals: z.array(z.string()).max(0) });
const USAGE = "Usage: npm run bench:load -- --scale small|medium|full";

function renderer(): (event: LoadProgress) => void {
  if (!process.stderr.isTTY) {
    // In a log (CI): a line per table at every 25%, with the ETA.
    const state = new Map<string, { total: number; t0: number; next: number; unit: string }>();
    return (event) => {
      if (event.kind === "log") console.error(event.message);
      if (event.kind === "start") {
        state.set(event.step, { total: event.total, t0: performance.now(), next: 0.25, unit: event.unit });
        console.error(`${event.step}: ${event.total.toLocaleString("en")} ${event.unit}…`);
      }
      if (event.kind === "advance") {
        const s = state.get(event.step);
        if (!s || s.total === 0 || event.done / s.total < s.next || event.done >= s.total) return;
        const elapsed = (performance.now() - s.t0) / 1000;
        const eta = (elapsed / event.done) * (s.total - event.done);
        console.error(`${event.step}: ${Math.floor((100 * event.done) / s.total)}% (ETA ${Math.round(eta)} s)`);
        s.next = Math.floor((event.done / s.total) * 4 + 1) / 4;
      }
      if (event.kind === "finish") console.error(`${event.step}: done in ${event.seconds.toFixed(1)} s`);
    };
  }
  const multi = new cliProgress.MultiBar(
    {
      format: " {step} [{bar}] {percentage}% | {value}/{total} {unit} | {duration_formatted} | ETA {eta_formatted}",
      barsize: 30,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  return (event) => {
    if (event.kind === "log") multi.log(`${event.message}\n`);
    if (event.kind === "start") {
      bars.set(event.step, multi.create(event.total, 0, { step: event.step.padEnd(24), unit: event.unit }));
    }
    if (event.kind === "advance") bars.get(event.step)?.update(event.done);
    if (event.kind === "finish") {
      const bar = bars.get(event.step);
      bar?.update(bar.getTotal());
      bar?.stop();
    }
  };
}

async function main(argv: string[]) {
  const { scale } = parseCli(argv, { flags: { scale: { type: "string" } }, schema: ZBenchLoadArgsSchema, usage: USAGE });
  const spec = SCALES[scale];
  console.error(
    `Loading the ${scale} benchmark: ${spec.vendors.toLocaleString("en")} vendors, ${spec.bookings.toLocaleString("en")} bookings, ` +
      `${spec.payments.toLocaleString("en")} payments, ${spec.weddings.toLocaleString("en")} weddings (${spec.fullWeddings.toLocaleString("en")} with guests).`,
  );
  const db = await openBenchDatabase(scale, { recreate: true });
  try {
    const render = renderer();
    const report = await loadBenchData(db.ownerUrl, scale, { onProgress: render });
    console.error(`\nLoaded in ${(report.seconds / 60).toFixed(1)} min. Rows:`);
    for (const [table, n] of Object.entries(report.rows).sort()) console.error(`  ${table.padEnd(12)} ${n.toLocaleString("en")}`);
    console.error(`Owner URL: ${db.ownerUrl.replace(/:[^:@/]+@/, ":***@")}`);
  } finally {
    await db.stop();
  }
}

runMain(import.meta.url, main);
