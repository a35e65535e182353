import type { Command } from "commander";
import { loadUsageData } from "../../io/load-usage-data.js";
import { assign } from "../../model/assign.js";
import { loadModelOfRun } from "../../run-folder.js";
import { writeAssignments } from "../../model/write-assignments.js";
import { addDataOptions, toUsageDataInput, type DataOptions } from "../data-options.js";

interface AssignFlags extends DataOptions {
  out: string;
  quiet?: boolean;
  spreadsheetSafe?: boolean;
}

/**
 * Registers `segmentlab assign model.json EVENTS… --out FILE`: computes the model's features on
 * new data (same spec, frozen event list), preprocesses, projects and assigns every user to the
 * nearest segment; writes `user_id,segment_id,persona,distance,margin,atypical` as CSV or
 * Parquet (by extension). Differences between the data and the training data are printed as
 * warnings; missing columns are errors.
 *
 * @param program - the root command.
 * @returns the new subcommand.
 * @example
 * registerAssignCommand(new Command("segmentlab")).name(); // => "assign"
 */
export function registerAssignCommand(program: Command): Command {
  const cmd = program
    .command("assign")
    .description("Assign users of new data to the segments of a model (CSV or Parquet output)")
    .argument("<model>", "model.json written by `segmentlab discover`")
    .argument("[events...]", "event log files or globs (as for discover)")
    .requiredOption("--out <file>", "output file: .csv or .parquet")
    .option("--quiet", "print nothing but errors")
    .option(
      "--spreadsheet-safe",
      "in a CSV output, write ids and names that look like formulas (=, +, -, @) with a leading '",
    );
  addDataOptions(cmd);
  cmd.addHelpText(
    "after",
    "\nExamples:\n  $ segmentlab assign out/sample/model.json new-events.csv --users users.csv --out new.csv\n" +
      "  $ segmentlab assign out/telco/model.json --table telco-2025.csv --id customerID --out scores.parquet",
  );
  return cmd.action(async (modelFile: string, events: string[], flags: AssignFlags) => {
    const model = loadModelOfRun(modelFile);
    const input = toUsageDataInput(events, flags);
    const { db } = await loadUsageData(input);
    try {
      const a = await assign(model, db);
      const inputs = [modelFile, ...events, flags.users, flags.table].filter(
        (f): f is string => typeof f === "string",
      );
      await writeAssignments(flags.out, a, {
        inputs,
        ...(flags.spreadsheetSafe === true ? { spreadsheetSafe: true } : {}),
      });
      for (const w of a.warnings) process.stderr.write(`segmentlab: warning: ${w}\n`);
      if (flags.quiet !== true) {
        const k = model.kmeans.centroids.length;
        const counts = new Array<number>(k).fill(0);
        for (const s of a.segmentId) counts[s]!++;
        const atypical = a.atypical.reduce((s, x) => s + x, 0);
        process.stdout.write(
          `assigned ${a.userId.length} users to ${k} segments (${counts.join(" / ")}; ${atypical} atypical) → ${flags.out}\n`,
        );
      }
    } finally {
      db.close();
    }
  });
}
