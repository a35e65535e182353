import type { Command } from "commander";
import { SegmentLabError } from "../../errors.js";
import { loadSegmentModel } from "../../model/parse-segment-model.js";
import { parseWindow, track, type TrackInput } from "../../pipeline.js";
import { addDataOptions, toUsageDataInput, type DataOptions } from "../data-options.js";
import { formatTrack } from "../track-format.js";

interface TrackFlags extends DataOptions {
  before?: string[];
  after?: string[];
  windows?: string;
  json?: boolean;
}

const EXAMPLES = `
Examples:
  # two snapshots (the same users file for both)
  $ segmentlab track out/q1/model.json --before q1.csv --after q2.csv --users users.csv

  # two windows of one log
  $ segmentlab track out/q1/model.json events.csv --windows 2026-01-01..2026-03-31,2026-04-01..2026-06-30 --json

Drift verdict: stale when a clustered feature's PSI (training deciles stored in model.json) reaches
0.25 or the mean distance to the nearest centroid rose by 25 %; drifting from PSI 0.1, a 10 % rise
of the distance or 5 more points of atypical users; else fresh. Stale: rerun discover.`;

/**
 * Registers `segmentlab track model.json --before EVENTS… --after EVENTS…` (or EVENTS… `--windows A,B`).
 *
 * @param program - the root command.
 * @returns the new subcommand.
 * @example
 * registerTrackCommand(new Command("segmentlab")).name(); // => "track"
 */
export function registerTrackCommand(program: Command): Command {
  const cmd = program
    .command("track")
    .description(
      "Follow users between two snapshots: migration matrix, movement towards more or less engaged segments, and drift (PSI) with a fresh / drifting / stale verdict",
    )
    .argument("<model>", "model.json written by `segmentlab discover`")
    .argument("[events...]", "one event log, split with --windows")
    .option("--before <files...>", "event log files of the first snapshot")
    .option("--after <files...>", "event log files of the second snapshot")
    .option(
      "--windows <a,b>",
      "two windows START..END,START..END (dates, END included) over one log",
    )
    .option("--json", "print one JSON object on stdout");
  addDataOptions(cmd);
  cmd.addHelpText("after", EXAMPLES);
  return cmd.action(async (modelFile: string, events: string[], flags: TrackFlags) => {
    const model = loadSegmentModel(modelFile);
    let input: TrackInput;
    if (flags.windows !== undefined) {
      if (flags.before !== undefined || flags.after !== undefined)
        throw new SegmentLabError(
          "give either --windows with one log or --before and --after, not both",
        );
      const parts = flags.windows.split(",");
      if (parts.length !== 2)
        throw new SegmentLabError(
          `--windows ${JSON.stringify(flags.windows)}: expected two windows, e.g. 2026-01-01..2026-03-31,2026-04-01..2026-06-30`,
        );
      input = {
        data: toUsageDataInput(events, flags),
        windows: [parseWindow(parts[0]!), parseWindow(parts[1]!)],
      };
    } else {
      if (flags.before === undefined || flags.after === undefined)
        throw new SegmentLabError(
          "give --before FILES and --after FILES (or one log with --windows)",
        );
      if (events.length > 0)
        throw new SegmentLabError(
          `unexpected event files ${events.join(", ")}: with --before/--after the snapshots name their own files`,
        );
      input = {
        before: toUsageDataInput(flags.before, flags),
        after: toUsageDataInput(flags.after, flags),
      };
    }
    const t = await track(model, input);
    for (const w of t.warnings) process.stderr.write(`segmentlab: warning: ${w}\n`);
    if (flags.json) {
      const drift = t.drift
        ? t.drift
        : { verdict: null, features: [], unavailable: t.driftUnavailable };
      process.stdout.write(
        JSON.stringify({ ...t.migration, drift, snapshots: t.snapshots, warnings: t.warnings }) +
          "\n",
      );
    } else process.stdout.write(formatTrack(t.migration, t.drift, t.driftUnavailable) + "\n");
  });
}
