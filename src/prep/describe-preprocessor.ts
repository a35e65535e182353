import type { PreprocessModel } from "./types.js";
import { checkModel } from "./validate.js";

const fmt = (x: number): string => String(Number(x.toPrecision(4)));

/**
 * Summarises a fitted preprocessing in plain words, one line per step, for reports and the CLI.
 *
 * @param model - from {@link fitPreprocessor}.
 * @returns lines in pipeline order: impute, log1p, winsorize, scale, one-hot, weights, dropped, output.
 * @throws {TypeError} when `model` is not a preprocessing model.
 * @example
 * describePreprocessor(model);
 * // => ["impute: median; 3 missing values filled (revenue 3)",
 * //     "log1p: revenue (skewness > 1 and min >= 0)", …, "output: 4 columns from 5 features and 0 attributes"]
 */
export function describePreprocessor(model: PreprocessModel): string[] {
  checkModel(model);
  const { params, steps } = model;
  const lines: string[] = [];

  const filled = Object.entries(model.imputedCounts).filter(([, c]) => c > 0);
  const total = filled.reduce((s, [, c]) => s + c, 0);
  lines.push(
    total === 0
      ? "impute: median; no missing values"
      : `impute: median; ${total} missing values filled (${filled.map(([f, c]) => `${f} ${c}`).join(", ")})`,
  );

  const auto = steps.filter((s) => s.log1p && s.log1pReason === "auto").map((s) => s.name);
  const forced = steps.filter((s) => s.log1p && s.log1pReason === "option").map((s) => s.name);
  const rule =
    params.skewThreshold === null
      ? "automatic rule off"
      : `automatic: skewness > ${fmt(params.skewThreshold)} and min >= 0`;
  const logged = [...auto, ...forced.map((f) => `${f} (asked)`)];
  lines.push(`log1p: ${logged.length === 0 ? "none" : logged.join(", ")} (${rule})`);

  if (params.winsorize === false) lines.push("winsorize: off");
  else {
    const clipped = steps.filter((s) => s.clip !== null).length;
    const skipped = steps.filter((s) => s.clip === null).map((s) => s.name);
    lines.push(
      `winsorize: quantiles [${params.winsorize.join(", ")}] on ${clipped} features` +
        (skipped.length > 0 ? `; not clipped: ${skipped.join(", ")}` : ""),
    );
  }

  lines.push(
    params.scaling === "standard"
      ? "scale: standard ((x - mean) / standard deviation)"
      : params.scaling === "robust"
        ? "scale: robust ((x - median) / interquartile range)"
        : "scale: none",
  );

  lines.push(
    model.encodings.length === 0
      ? "one-hot: none"
      : `one-hot: ${model.encodings
          .map(
            (e) =>
              `${e.attribute} (${e.levels.length} levels` +
              (e.other ? " + other" : "") +
              (e.missing ? " + missing" : "") +
              ")",
          )
          .join(", ")}`,
  );

  const weighted = [
    ...steps.filter((s) => s.weight !== 1).map((s) => `${s.name} x${fmt(s.weight)}`),
    ...model.encodings.filter((e) => e.weight !== 1).map((e) => `${e.attribute} x${fmt(e.weight)}`),
  ];
  lines.push(`weights: ${weighted.length === 0 ? "all 1" : weighted.join(", ")}`);

  lines.push(
    `dropped: ${model.dropped.length === 0 ? "none" : model.dropped.map((d) => `${d.name} (${d.reason})`).join(", ")}`,
  );

  const nFeatures = Object.keys(model.imputedCounts).length;
  lines.push(
    `output: ${model.outputNames.length} columns from ${nFeatures} features and ${model.encodings.length} attributes`,
  );
  return lines;
}
