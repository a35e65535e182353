import type { Command } from "commander";
import { SegmentLabError } from "../../errors.js";
import { loadSegmentModel } from "../../model/parse-segment-model.js";
import { readout } from "../../pipeline.js";
import { addDataOptions, toUsageDataInput, type DataOptions } from "../data-options.js";
import { formatReadout } from "../track-format.js";

interface ReadoutFlags extends DataOptions {
  arm: string;
  outcome: string;
  control?: string;
  minEffect?: string;
  json?: boolean;
}

const EXAMPLES = `
Examples:
  # arm and outcome are columns of the users file (or of the per-user table)
  $ segmentlab readout out/sample/model.json events.csv --users experiment.csv --arm arm --outcome converted
  $ segmentlab readout out/telco/model.json --table telco.csv --id customerID --arm variant --outcome revenue --control A --json

Per segment and overall: users and outcome per arm, the effect (treatment − control) with a 95 %
interval, p-values corrected across segments (Holm), Cochran's Q for "does the effect differ
between segments?", and a flag for segments too small to detect --min-effect with 80 % power.`;

/**
 * Registers `segmentlab readout model.json EVENTS…|--table FILE --arm COL --outcome COL [--control NAME]`.
 *
 * @param program - the root command.
 * @returns the new subcommand.
 * @example
 * registerReadoutCommand(new Command("segmentlab")).name(); // => "readout"
 */
export function registerReadoutCommand(program: Command): Command {
  const cmd = program
    .command("readout")
    .description(
      "Read an experiment by segment: effect per segment with 95 % intervals, Holm-corrected p-values, a heterogeneity test and underpowered segments flagged",
    )
    .argument("<model>", "model.json written by `segmentlab discover`")
    .argument("[events...]", "event log files (as for discover)")
    .requiredOption("--arm <col>", "column with each user's arm (exactly two arms)")
    .requiredOption("--outcome <col>", "column with the outcome: 0/1 (a conversion) or a number")
    .option(
      "--control <name>",
      "the control arm (default: 'control', else the first in sort order)",
    )
    .option(
      "--min-effect <x>",
      "smallest effect worth detecting, in outcome units (default: the overall effect)",
    )
    .option("--json", "print one JSON object on stdout");
  addDataOptions(cmd);
  cmd.addHelpText("after", EXAMPLES);
  return cmd.action(async (modelFile: string, events: string[], flags: ReadoutFlags) => {
    const model = loadSegmentModel(modelFile);
    let minEffect: number | undefined;
    if (flags.minEffect !== undefined) {
      minEffect = Number(flags.minEffect);
      if (!Number.isFinite(minEffect) || minEffect <= 0)
        throw new SegmentLabError(
          `--min-effect ${JSON.stringify(flags.minEffect)}: expected a positive number, e.g. 0.02`,
        );
    }
    const r = await readout(model, toUsageDataInput(events, flags), {
      arm: flags.arm,
      outcome: flags.outcome,
      ...(flags.control !== undefined ? { control: flags.control } : {}),
      ...(minEffect !== undefined ? { minEffect } : {}),
    });
    for (const w of r.warnings) process.stderr.write(`segmentlab: warning: ${w}\n`);
    process.stdout.write((flags.json ? JSON.stringify(r) : formatReadout(r)) + "\n");
  });
}
