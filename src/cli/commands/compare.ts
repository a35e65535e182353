import type { Command } from "commander";
import { SegmentLabError } from "../../errors.js";
import { loadSegmentModel } from "../../model/parse-segment-model.js";
import { compare } from "../../pipeline.js";
import { addDataOptions, toUsageDataInput, type DataOptions } from "../data-options.js";
import { formatComparison } from "../track-format.js";

interface CompareFlags extends DataOptions {
  survival: string;
  split: string;
  json?: boolean;
}

const EXAMPLES = `
Examples:
  # the same users assigned by both models: ARI, survived / split / absorbed / disappeared / emerged
  $ segmentlab compare out/jan/model.json out/feb/model.json feb-events.csv --users users.csv

  # without data: segments matched on their centroids
  $ segmentlab compare out/jan/model.json out/feb/model.json --json`;

/**
 * Parses a share flag in (0, 1].
 *
 * @throws {SegmentLabError} naming the flag and value.
 * @example
 * parseShareFlag("--survival", "0.7"); // => 0.7
 */
export function parseShareFlag(flag: string, value: string): number {
  const x = Number(value);
  if (!Number.isFinite(x) || x <= 0 || x > 1)
    throw new SegmentLabError(
      `${flag} ${JSON.stringify(value)}: expected a share in (0, 1], e.g. 0.7`,
    );
  return x;
}

/**
 * Registers `segmentlab compare A/model.json B/model.json [EVENTS… | --table FILE]`.
 *
 * @param program - the root command.
 * @returns the new subcommand.
 * @example
 * registerCompareCommand(new Command("segmentlab")).name(); // => "compare"
 */
export function registerCompareCommand(program: Command): Command {
  const cmd = program
    .command("compare")
    .description(
      "Compare two segment models: ARI and MONIC transitions (survived, split, absorbed, disappeared, emerged) on the same users, or centroid matching without data",
    )
    .argument("<a>", "the earlier model.json")
    .argument("<b>", "the later model.json")
    .argument("[events...]", "event log files both models assign (optional)")
    .option(
      "--survival <share>",
      "a segment survives into one holding at least this share of its users",
      "0.7",
    )
    .option("--split <share>", "each part of a split holds at least this share", "0.3")
    .option("--json", "print one JSON object on stdout");
  addDataOptions(cmd);
  cmd.addHelpText("after", EXAMPLES);
  return cmd.action(async (aFile: string, bFile: string, events: string[], flags: CompareFlags) => {
    const a = loadSegmentModel(aFile);
    const b = loadSegmentModel(bFile);
    const data =
      events.length > 0 || flags.table !== undefined ? toUsageDataInput(events, flags) : undefined;
    const c = await compare(a, b, data, {
      survivalThreshold: parseShareFlag("--survival", flags.survival),
      splitThreshold: parseShareFlag("--split", flags.split),
    });
    process.stdout.write((flags.json ? JSON.stringify(c) : formatComparison(c)) + "\n");
  });
}
