import fs from "node:fs";
import { z } from "zod";
import { SegmentLabError } from "../errors.js";
import { badReportInput, reportInputNotJson } from "./messages.js";
import type { ReportInput } from "./types.js";

const num = z.number().finite();
const share = num.min(0).max(1);
const id = z.number().int().min(0);

const reportInputSchema: z.ZodType<ReportInput> = z.object({
  runId: z.string().optional(),
  title: z.string().optional(),
  generatedAt: z.string().optional(),
  libraryVersion: z.string().optional(),
  seed: num.optional(),
  summary: z.object({ data: z.string(), users: num, features: num, k: num, verdict: z.string() }),
  load: z
    .object({
      files: z.array(z.string()),
      rowsRead: num,
      rowsLoaded: num,
      rejectedByReason: z.record(z.string(), num),
      examples: z.array(
        z.object({
          file: z.string(),
          line: num,
          column: z.string().optional(),
          value: z.string().optional(),
          reason: z.string(),
        }),
      ),
      users: num,
      minTime: z.string().optional(),
      maxTime: z.string().optional(),
      notes: z.array(z.string()),
    })
    .optional(),
  kChoice: z.object({
    chosenK: num,
    reasons: z.array(z.string()),
    scan: z.array(
      z.object({
        k: num,
        inertia: num,
        knee: z.boolean().optional(),
        silhouette: num.optional(),
        gap: num.optional(),
        gapSE: num.optional(),
        stabilityMin: num.optional(),
        stabilityMean: num.optional(),
      }),
    ),
    stabilityThreshold: num.optional(),
  }),
  silhouette: z.array(z.object({ segmentId: id, value: num })).optional(),
  map: z
    .object({
      points: z.array(z.object({ x: num, y: num, segmentId: id })),
      centroids: z.array(z.object({ x: num, y: num, segmentId: id })).optional(),
      loadings: z.array(z.object({ feature: z.string(), x: num, y: num })).optional(),
      explainedVariance: z.array(num).optional(),
    })
    .optional(),
  segments: z
    .array(
      z.object({
        segmentId: id,
        name: z.string(),
        description: z.string().optional(),
        size: num,
        share,
        stability: num.optional(),
        evidence: z.array(z.string()),
        rule: z.object({ text: z.string(), coverage: share, precision: share }).optional(),
        plays: z.array(z.string()).optional(),
      }),
    )
    .min(1),
  profile: z
    .array(
      z.object({ segmentId: id, segmentName: z.string(), feature: z.string(), effectSize: num }),
    )
    .optional(),
  distributions: z
    .array(
      z.object({
        segmentId: id,
        feature: z.string(),
        q1: num,
        median: num,
        q3: num,
        lo: num,
        hi: num,
      }),
    )
    .optional(),
  units: z.record(z.string(), z.string()).optional(),
  attributeMix: z
    .array(z.object({ segmentId: id, attribute: z.string(), level: z.string(), share }))
    .optional(),
  warnings: z.array(z.string()).optional(),
  exports: z.array(z.object({ file: z.string(), description: z.string() })).optional(),
});

/**
 * Checks that a parsed JSON value is a {@link ReportInput} (unknown keys are dropped).
 *
 * @param value - the parsed JSON.
 * @param source - where it came from, for the error message (a file name).
 * @returns the validated input.
 * @throws SegmentLabError naming the source, the first bad field's path and the problem.
 * @example
 * parseReportInput({ summary: {} }, "report-input.json");
 * // => throws "report-input.json: summary.data: Invalid input: expected string, received undefined"
 */
export function parseReportInput(value: unknown, source = "report input"): ReportInput {
  const result = reportInputSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
  throw new SegmentLabError(badReportInput(source, path.replace(/^\./, ""), issue.message));
}

/**
 * Reads and validates a report input JSON file (written by a run beside model.json).
 *
 * @param file - path of the JSON file.
 * @returns the validated input.
 * @throws SegmentLabError when the file is not JSON or not a ReportInput; the usual fs errors
 * when it cannot be read.
 * @example
 * const input = loadReportInput("out/run1/report-input.json");
 * input.segments.length; // => 4
 */
export function loadReportInput(file: string): ReportInput {
  const text = fs.readFileSync(file, "utf8");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new SegmentLabError(reportInputNotJson(file, (e as Error).message));
  }
  return parseReportInput(value, file);
}
