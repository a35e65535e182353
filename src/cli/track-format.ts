/**
 * Plain-text renderings of the over-time results for the CLI (each sentence carries its numbers).
 */
import type { DriftReport } from "../track/drift.js";
import type { ModelComparison } from "../track/compare-models.js";
import type { Migration } from "../track/migration.js";
import type { ExperimentReadout } from "../track/readout.js";
import type { RetentionTable } from "../track/retention.js";

const pct = (x: number, digits = 1) => `${(100 * x).toFixed(digits)} %`;
const num = (x: number | null, digits = 3) => (x === null ? "—" : x.toFixed(digits));

/**
 * The comparison of two models as text.
 *
 * @example
 * formatComparison(c).split("\n")[0]; // => "compared on 2000 users: ARI 1.000"
 */
export function formatComparison(c: ModelComparison): string {
  const lines: string[] = [];
  lines.push(
    c.basis === "data"
      ? `compared on ${c.users} users: ARI ${num(c.ari)} (1 = the same partition; about 0 = unrelated)`
      : "compared on centroids only (no data given): segments matched by the minimum total distance between their centres, in the first model's scaled units",
  );
  lines.push(
    `transitions (survival threshold ${c.thresholds.survival}, split threshold ${c.thresholds.split}):`,
  );
  for (const t of c.transitions) {
    const ov = t.overlap === null ? "" : ` (${pct(t.overlap, 0)} of its users)`;
    const from = t.from === null ? "" : `${t.from} ${t.fromName}`;
    const to = Array.isArray(t.to)
      ? t.to.map((y, i) => `${y} ${(t.toName as string[])[i]}`).join(" + ")
      : t.to === null
        ? ""
        : `${t.to} ${t.toName as string}`;
    if (t.type === "survived") lines.push(`  survived     ${from} → ${to}${ov}`);
    else if (t.type === "absorbed") lines.push(`  absorbed     ${from} → into ${to}${ov}`);
    else if (t.type === "split") lines.push(`  split        ${from} → ${to}${ov}`);
    else if (t.type === "disappeared")
      lines.push(
        `  disappeared  ${from}${t.overlap === null ? "" : ` (at most ${pct(t.overlap, 0)} of its users in any one segment)`}`,
      );
    else lines.push(`  emerged      ${to}`);
  }
  if (c.survivors.length > 0) {
    lines.push("survivors (first model → second model):");
    for (const s of c.survivors) {
      const size =
        s.size.before === null || s.size.after === null
          ? "size unknown"
          : `${s.size.before} → ${s.size.after} users`;
      const top = s.shift
        .filter((f) => f.change !== 0)
        .sort((a, b) => Math.abs(b.change / (b.before || 1)) - Math.abs(a.change / (a.before || 1)))
        .slice(0, 3)
        .map((f) => `${f.feature} ${f.before.toPrecision(3)} → ${f.after.toPrecision(3)}`)
        .join(", ");
      lines.push(
        `  ${s.from} → ${s.to}: ${size}; mean distance to centre ${num(s.compactness.before)} → ${num(s.compactness.after)}${top ? `; largest centre shifts: ${top}` : ""}`,
      );
    }
  }
  return lines.join("\n");
}

/**
 * The migration matrix and the drift verdict as text.
 *
 * @example
 * formatTrack(migration, drift, null).includes("migration"); // => true
 */
export function formatTrack(
  m: Migration,
  drift: DriftReport | null,
  driftUnavailable: string | null,
): string {
  const lines: string[] = [];
  const both = m.users.both;
  lines.push(
    `users: ${both} in both snapshots, ${m.users.disappeared} only in the first (disappeared), ${m.users.appeared} only in the second (appeared)`,
  );
  lines.push("migration (row = segment in the first snapshot; share of its users in each column):");
  const w = Math.max(14, ...m.rows.map((r) => r.length)) + 2;
  const short = m.columns.map((c, j) => (j < m.columns.length - 1 ? String(j) : "gone"));
  lines.push(" ".repeat(w + 8) + short.map((s) => s.padStart(7)).join(""));
  m.rows.forEach((r, i) => {
    const n = m.matrix[i]!.reduce((a, b) => a + b, 0);
    const label = i < m.rows.length - 1 ? `${i} ${r}` : r;
    lines.push(
      label.padEnd(w) +
        String(n).padStart(8) +
        m.shares[i]!.map((s) => (s === 0 ? "·" : pct(s, 0).replace(" ", "")).padStart(7)).join(""),
    );
  });
  const e = m.movement.engagement;
  lines.push(
    `engagement order (by ${e.feature} at each segment's centre, most engaged first): ${e.order.map((s) => `${m.rows[s]} (${e.scores[s]!.toPrecision(3)})`).join(" > ")}`,
  );
  if (both > 0)
    lines.push(
      `of the ${both} users in both snapshots: ${m.movement.stayed} (${pct(m.movement.stayed / both)}) stayed, ${m.movement.moreEngaged} (${pct(m.movement.moreEngaged / both)}) moved to a more engaged segment, ${m.movement.lessEngaged} (${pct(m.movement.lessEngaged / both)}) to a less engaged one` +
        (m.movement.sideways > 0 ? `, ${m.movement.sideways} sideways` : ""),
    );
  if (drift === null) lines.push(`drift: not measured: ${driftUnavailable ?? ""}`);
  else {
    lines.push(`drift of the second snapshot against the training data: ${drift.verdict}`);
    for (const r of drift.reasons) lines.push(`  - ${r}`);
    if (drift.verdict === "stale")
      lines.push(
        "  → the segments no longer describe these users: rerun `segmentlab discover` on recent data",
      );
    else if (drift.verdict === "drifting")
      lines.push("  → watch it: rerun `segmentlab discover` if it reaches stale");
  }
  return lines.join("\n");
}

/**
 * The retention triangles as text: one block per segment and one overall; share retained per period.
 *
 * @example
 * formatRetention(r).startsWith("retention"); // => true
 */
export function formatRetention(r: RetentionTable, maxPeriods = 12): string {
  const lines: string[] = [
    `retention: cohorts by ${r.cohort} of first event; share of each cohort active N ${r.period}s after its first ${r.period} (a period counts once complete in the log)`,
  ];
  const groups = new Map<string, typeof r.cohorts>();
  for (const c of r.cohorts) {
    const key = `${c.segment}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  for (const [, cells] of groups) {
    const first = cells[0]!;
    lines.push(`\n${first.segment === "all" ? "" : `${first.segment} `}${first.name}`);
    const periods = Math.min(maxPeriods, Math.max(...cells.map((c) => c.period)) + 1);
    lines.push(
      "  cohort        users" +
        Array.from({ length: periods }, (_, p) => `${r.period[0]}${p}`.padStart(6)).join(""),
    );
    const cohorts = [...new Set(cells.map((c) => c.cohort))];
    for (const co of cohorts) {
      const row = cells.filter((c) => c.cohort === co);
      lines.push(
        `  ${co}  ${String(row[0]!.users).padStart(6)}` +
          row
            .slice(0, periods)
            .map((c) => `${Math.round(100 * c.share)}%`.padStart(6))
            .join(""),
      );
    }
  }
  return lines.join("\n");
}

/**
 * The experiment readout as text.
 *
 * @example
 * formatReadout(r).split("\n")[0]; // => "experiment: treatment vs control (difference of proportions, 95 % intervals)"
 */
export function formatReadout(r: ExperimentReadout): string {
  const level = `${Math.round(100 * (1 - r.alpha))} %`;
  const lines: string[] = [
    `experiment: ${r.treatment} vs ${r.control} (${r.kind === "proportion" ? "difference of proportions" : "difference of means"}, ${level} intervals)`,
  ];
  const d =
    r.kind === "proportion"
      ? (x: number | null) => (x === null ? "—" : `${(100 * x).toFixed(1)} pp`)
      : (x: number | null) => num(x);
  const m =
    r.kind === "proportion"
      ? (x: number | null) => (x === null ? "—" : pct(x))
      : (x: number | null) => num(x);
  const row = (name: string, g: ExperimentReadout["overall"], padj: number | null | undefined) =>
    `  ${name.padEnd(28)} n ${String(g.n[r.control]).padStart(6)} / ${String(g.n[r.treatment]).padEnd(6)} ${m(g.outcome[r.control] ?? null).padStart(8)} → ${m(g.outcome[r.treatment] ?? null).padEnd(8)} effect ${d(g.effect).padStart(9)} [${d(g.low)}, ${d(g.high)}]  p ${num(g.p, 4)}` +
    (padj !== undefined ? `  Holm ${num(padj, 4)}` : "") +
    (g.underpowered ? `  (can only detect ${d(g.mde)} or more)` : "");
  lines.push(row("All users", r.overall, undefined));
  for (const s of r.segments) lines.push(row(`${s.segment} ${s.name}`, s, s.pAdjusted));
  const found = r.segments.filter((s) => s.pAdjusted !== null && s.pAdjusted < r.alpha);
  lines.push(
    found.length === 0
      ? `no segment's effect is significant at ${r.alpha} after Holm's correction across ${r.segments.length} segments`
      : `significant at ${r.alpha} after Holm's correction across ${r.segments.length} segments: ${found.map((s) => `${s.name} (${d(s.effect)})`).join(", ")}`,
  );
  const h = r.heterogeneity;
  if (h.p !== null)
    lines.push(
      `does the effect differ between segments? Cochran's Q = ${h.q.toFixed(2)} on ${h.df} df, p = ${num(h.p, 4)}${h.p < r.alpha ? ": yes, it differs" : ": no evidence that it differs"}` +
        (h.i2 !== null ? ` (I² ${pct(h.i2, 0)})` : ""),
    );
  const under = r.segments.filter((s) => s.underpowered).length;
  lines.push(
    `minimum effect to detect: ${d(r.minEffect)} (${r.minEffectSource === "given" ? "as given" : "the overall effect; set your own with --min-effect"}); ${under} of ${r.segments.length} segments are too small to detect it with 80 % power`,
  );
  return lines.join("\n");
}
