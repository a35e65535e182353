import * as fs from "node:fs";
import type { Command } from "commander";
import { SegmentLabError } from "../../errors.js";
import {
  computeFeatures,
  inferFeatureSpec,
  parseFeatureSpec,
  writeFeatureTable,
  type FeatureSpec,
} from "../../features/index.js";
import { formatLoadReport, loadUsageData } from "../../io/index.js";
import { addDataOptions, toUsageDataInput, type DataOptions } from "../data-options.js";

interface FeaturesOptions extends DataOptions {
  spec?: string;
  out?: string;
  printSpec?: boolean;
}

const EXAMPLES = `
Examples:
  # features from an event log, spec inferred from the columns found
  $ segmentlab features events.csv --out features.csv

  # join user attributes (plan, country, signup date …) and write Parquet
  $ segmentlab features data/sample/events.csv.gz --users data/sample/users.csv --out features.parquet

  # save the inferred spec, edit it, rerun with it
  $ segmentlab features events.csv --print-spec > spec.json
  $ segmentlab features events.csv --spec spec.json --out features.csv

  # a purchase log without an event column (value drives the value/RFM features)
  $ segmentlab features CDNOW_master.txt --delimiter whitespace --value-col dollar_value

  # a per-user table instead of an event log
  $ segmentlab features --table CC_GENERAL.csv --id CUST_ID --out features.csv

Times are UTC. The window defaults to the data's first..last event; set it in the spec
("window": {"lastDays": 90, "asOf": "2024-06-30"}).`;

/**
 * Registers `segmentlab features EVENTS… [--users FILE] [--spec FILE] [--out FILE] [--print-spec]`.
 *
 * @param program - The root command.
 * @returns The new subcommand.
 * @example
 * registerFeaturesCommand(new Command("segmentlab")).name(); // => "features"
 */
export function registerFeaturesCommand(program: Command): Command {
  const cmd = program
    .command("features")
    .description(
      "Compute per-user behavioral features (activity, sessions, recency, per-event counts, RFM …) from an event log or a per-user table",
    )
    .argument("[events...]", "event log files or globs (CSV/TSV, .csv.gz, JSON lines, Parquet)")
    .option("--spec <file>", "feature spec JSON (default: inferred from the data)")
    .option("--out <file>", "output file, .csv or .parquet (default: features.csv)")
    .option(
      "--print-spec",
      "print the spec JSON (inferred or given) to stdout; computes only with --out",
    );
  addDataOptions(cmd);
  cmd.addHelpText("after", EXAMPLES);
  cmd.action(async (events: string[], opts: FeaturesOptions) => {
    await runFeatures(events, opts);
  });
  return cmd;
}

async function runFeatures(events: string[], opts: FeaturesOptions): Promise<void> {
  const err = (s: string) => process.stderr.write(s + "\n");
  let spec: FeatureSpec | undefined;
  if (opts.spec !== undefined) {
    if (!fs.existsSync(opts.spec))
      throw new SegmentLabError(`spec file ${opts.spec} does not exist`);
    spec = parseFeatureSpec(fs.readFileSync(opts.spec, "utf8"), opts.spec);
  }
  const loaded = await loadUsageData(toUsageDataInput(events, opts));
  const { db } = loaded;
  try {
    if (loaded.eventsReport) err(formatLoadReport(loaded.eventsReport, { title: "events:" }));
    if (loaded.usersReport)
      err(
        formatLoadReport(loaded.usersReport, {
          title: loaded.kind === "table" ? "table:" : "users:",
        }),
      );
    spec ??= await inferFeatureSpec(db);
    if (opts.printSpec) {
      process.stdout.write(JSON.stringify(spec, null, 2) + "\n");
      if (opts.out === undefined) return;
    }
    const table = await computeFeatures(db, spec);
    const inputs = [
      ...(loaded.eventsReport?.files ?? []),
      ...(loaded.usersReport?.files ?? []),
      ...(opts.spec !== undefined ? [opts.spec] : []),
    ];
    const out = await writeFeatureTable(table, opts.out ?? "features.csv", { inputs });
    err(
      `wrote ${out}: ${table.ids.length.toLocaleString("en-US")} users × ${table.featureNames.length} features` +
        (table.attributes.length > 0
          ? ` + ${table.attributes.length} attribute${table.attributes.length === 1 ? "" : "s"} (${table.attributes.map((a) => a.name).join(", ")})`
          : ""),
    );
  } finally {
    db.close();
  }
}
