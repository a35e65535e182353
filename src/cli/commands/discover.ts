import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { SegmentLabError } from "../../errors.js";
import { parseFeatureSpec, type FeatureSpec } from "../../features/spec.js";
import { parseActivationFormats } from "../../export/write-segments-folder.js";
import { formatLoadReport } from "../../io/format-load-report.js";
import { loadSegmentModel } from "../../model/parse-segment-model.js";
import { discover, type DiscoverOptions, type KChoice } from "../../pipeline.js";
import { checkRunFolderTarget, modelPersonas, writeRunFolder } from "../../run-folder.js";
import { WEAK_STRUCTURE } from "../../select/messages.js";
import { formatRecommendation } from "../../select/recommend-k.js";
import { addDataOptions, toUsageDataInput, type DataOptions } from "../data-options.js";

interface DiscoverFlags extends DataOptions {
  k: string;
  seed: string;
  nInit: string;
  out: string;
  spec?: string;
  pca?: string | true;
  outcome?: string[];
  clusterOn?: string;
  stabilityB: string;
  gapB: string;
  ruleDepth: string;
  minShare: string;
  maxSegments: string;
  previous?: string;
  createdAt?: string;
  report: boolean;
  quiet?: boolean;
  miniBatch?: boolean;
  scaling: string;
  spreadsheetSafe?: boolean;
  activation: string;
}

const EXAMPLES = `
Examples:
  # the bundled sample: choose k automatically, write the run folder
  $ segmentlab discover data/sample/events.csv.gz --users data/sample/users.csv --out out/sample

  # fix k, or let it choose within a range; fix the seed for a reproducible rerun
  $ segmentlab discover events.csv --k 5 --seed 7 --out out/k5
  $ segmentlab discover events.csv --k 3..8 --out out/range

  # a per-user table (no event log), with an outcome profiled but never clustered on
  $ segmentlab discover --table telco.csv --id customerID --outcome Churn --out out/telco

The run folder holds model.json, assignments.csv, personas.md, personas.html, report.html and
report-input.json. On data without segments the verdict says "no clear segment structure" and
everyone stays in one segment.`;

/**
 * Registers `segmentlab discover EVENTS… | --table FILE --id COL [--k auto|N|LO..HI] --out DIR`.
 *
 * @param program - the root command.
 * @returns the new subcommand.
 * @example
 * registerDiscoverCommand(new Command("segmentlab")).name(); // => "discover"
 */
export function registerDiscoverCommand(program: Command): Command {
  const cmd = program
    .command("discover")
    .description(
      "Discover behavioral segments: features → preprocessing → k-means (k chosen with reasons) → profiles → named personas → model, assignments, cards, report",
    )
    .argument("[events...]", "event log files or globs (CSV/TSV, .csv.gz, JSON lines, Parquet)")
    .requiredOption(
      "--out <dir>",
      "run folder to write (model.json, assignments.csv, personas.*, report.html)",
    )
    .option(
      "--k <k>",
      "number of segments: auto (scan 2..10 and recommend), N, or a range LO..HI",
      "auto",
    )
    .option("--seed <n>", "seed of every random step (same data + same seed = same output)", "0")
    .option("--n-init <n>", "k-means restarts", "4")
    .option("--mini-batch", "fit a fixed --k with mini-batch k-means (millions of users)")
    .option(
      "--scaling <how>",
      "feature scaling: standard (z-scores) or robust (median/IQR)",
      "standard",
    )
    .option(
      "--spec <file>",
      "feature spec JSON (default: inferred; see `segmentlab features --print-spec`)",
    )
    .option(
      "--pca [share]",
      "cluster on principal components keeping this share of variance (default 0.9)",
    )
    .option(
      "--outcome <col...>",
      "columns to profile per segment as outcomes, never clustered on (e.g. Churn)",
    )
    .option(
      "--cluster-on <names>",
      "comma-separated features to cluster on (default: all behavioral features)",
    )
    .option("--stability-b <n>", "bootstrap replicates for per-segment stability", "20")
    .option("--gap-b <n>", "reference sets for the gap statistic (0 = skip)", "10")
    .option("--rule-depth <n>", "depth of the rule tree (conditions per rule)", "3")
    .option("--min-share <x>", "smallest segment share a recommended k may have", "0.02")
    .option("--max-segments <n>", "most segments a team can act on", "8")
    .option("--previous <model>", "an earlier model.json whose renamed personas carry over")
    .option("--created-at <iso>", "fixed creation time in model.json (reproducible files)")
    .option(
      "--activation <formats>",
      "per-segment id files in segments/: comma-separated posthog,amplitude,mixpanel,ids",
      "ids",
    )
    .option("--no-report", "skip report.html")
    .option(
      "--spreadsheet-safe",
      "in CSV outputs, write ids and names that look like formulas (=, +, -, @) with a leading '",
    )
    .option("--quiet", "print only errors");
  addDataOptions(cmd);
  cmd.addHelpText("after", EXAMPLES);
  cmd.action(async (events: string[], flags: DiscoverFlags) => {
    await runDiscover(events, flags);
  });
  return cmd;
}

async function runDiscover(events: string[], flags: DiscoverFlags): Promise<void> {
  const out = (s: string) => {
    if (!flags.quiet) process.stdout.write(s + "\n");
  };
  const started = Date.now();
  const input = toUsageDataInput(events, flags);
  const inputs = [
    ...events,
    ...(flags.users ? [flags.users] : []),
    ...(flags.table ? [flags.table] : []),
  ];
  checkRunFolderTarget(flags.out, inputs);
  const activation = parseActivationFormats(flags.activation);
  const options: DiscoverOptions = {
    k: parseK(flags.k),
    seed: parseInteger("--seed", flags.seed, 0),
    nInit: parseInteger("--n-init", flags.nInit, 1),
    stabilityB: parseInteger("--stability-b", flags.stabilityB, 0),
    ruleDepth: parseInteger("--rule-depth", flags.ruleDepth, 1),
    scan: {
      gap: parseInteger("--gap-b", flags.gapB, 0) === 0 ? false : { B: Number(flags.gapB) },
      stability:
        parseInteger("--stability-b", flags.stabilityB, 0) === 0
          ? false
          : { B: Number(flags.stabilityB) },
    },
    recommend: {
      minSegmentShare: parseShare("--min-share", flags.minShare),
      maxSegments: parseInteger("--max-segments", flags.maxSegments, 1),
    },
    ...(flags.miniBatch ? { miniBatch: true } : {}),
    preprocess: { scaling: parseScaling(flags.scaling) },
    ...(flags.spec !== undefined ? { spec: readSpec(flags.spec) } : {}),
    ...(flags.pca !== undefined
      ? { pca: { varianceToKeep: flags.pca === true ? 0.9 : parseShare("--pca", flags.pca) } }
      : {}),
    ...(flags.outcome !== undefined ? { outcomes: flags.outcome } : {}),
    ...(flags.clusterOn !== undefined
      ? { clusterOn: flags.clusterOn.split(",").map((s) => s.trim()) }
      : {}),
    ...(flags.previous !== undefined
      ? { previousPersonas: modelPersonas(loadSegmentModel(flags.previous)) }
      : {}),
    ...(flags.createdAt !== undefined ? { createdAt: flags.createdAt } : {}),
    onProgress: (step) => {
      if (!flags.quiet && process.stderr.isTTY)
        process.stderr.write(`\r\x1b[K… ${step} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    },
  };
  const run = await discover(input, options);
  if (!flags.quiet && process.stderr.isTTY) process.stderr.write("\r\x1b[K");
  const { files } = await writeRunFolder(run, flags.out, {
    inputs,
    report: flags.report,
    ...(flags.spreadsheetSafe === true ? { spreadsheetSafe: true } : {}),
    activation,
  });

  if (run.loadReports.events) out(formatLoadReport(run.loadReports.events, { title: "events" }));
  if (run.loadReports.users)
    out(formatLoadReport(run.loadReports.users, { title: flags.table ? "table" : "users" }));
  out(
    `features: ${run.table.featureNames.length} per user for ${run.table.ids.length} users; clustered on ${run.clusterOn.length}`,
  );
  if (run.recommendation) out("\n" + formatRecommendation(run.recommendation));
  out(
    `\nsegments (${run.personas.length})${run.structure === "weak" ? ` — ${WEAK_STRUCTURE}` : ""}:`,
  );
  for (const p of run.personas) {
    const stab = run.stability[p.segment];
    out(
      `  ${String(p.segment).padStart(2)}  ${p.name.padEnd(28)} ${String(p.size).padStart(7)} users (${(100 * p.share).toFixed(1)} %)` +
        (stab != null ? `  stability ${stab.toFixed(2)}` : ""),
    );
    if (p.description) out(`      ${p.description}`);
  }
  if (run.warnings.length > 0) {
    out("\nwarnings:");
    for (const w of run.warnings) out(`  - ${w}`);
  }
  out(
    `\nwrote ${files.map((f) => path.join(flags.out, f)).join(", ")} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

/**
 * Parses `--k`: `auto`, a whole number ≥ 1, or a range `LO..HI` with 2 ≤ LO ≤ HI.
 *
 * @throws {SegmentLabError} naming the value and what is allowed.
 * @example
 * parseK("3..8"); // => [3, 8]
 */
export function parseK(value: string): KChoice {
  const v = value.trim();
  if (v === "auto") return "auto";
  const range = /^(\d+)\.\.(\d+)$/.exec(v);
  if (range) {
    const lo = Number(range[1]);
    const hi = Number(range[2]);
    if (lo < 2 || hi < lo)
      throw new SegmentLabError(`--k ${value}: a range needs 2 <= LO <= HI (e.g. --k 3..8)`);
    return [lo, hi];
  }
  if (/^\d+$/.test(v) && Number(v) >= 1) return Number(v);
  throw new SegmentLabError(
    `--k ${JSON.stringify(value)}: expected auto, a whole number >= 1, or a range LO..HI`,
  );
}

function parseInteger(flag: string, value: string, min: number): number {
  if (!/^-?\d+$/.test(value.trim()) || Number(value) < min)
    throw new SegmentLabError(
      `${flag} ${JSON.stringify(value)}: expected a whole number >= ${min}`,
    );
  return Number(value);
}

function parseScaling(value: string): "standard" | "robust" {
  if (value === "standard" || value === "robust") return value;
  throw new SegmentLabError(`--scaling ${JSON.stringify(value)}: expected standard or robust`);
}

function parseShare(flag: string, value: string): number {
  const x = Number(value);
  if (!Number.isFinite(x) || x <= 0 || x > 1)
    throw new SegmentLabError(
      `${flag} ${JSON.stringify(value)}: expected a share in (0, 1], e.g. 0.9`,
    );
  return x;
}

function readSpec(file: string): FeatureSpec {
  if (!fs.existsSync(file)) throw new SegmentLabError(`spec file ${file} does not exist`);
  return parseFeatureSpec(fs.readFileSync(file, "utf8"), file);
}
