import { describe, expect, it } from "vitest";
import { profileSegments } from "../../src/profile/index.js";
import { namePersonas, segmentationWarnings } from "../../src/persona/index.js";
import * as msg from "../../src/persona/messages.js";
import { ARCHETYPES, syntheticTable } from "./synthetic.js";

describe("segmentationWarnings", () => {
  const { table, labels } = syntheticTable();
  const profiles = profileSegments(table, labels);
  const personas = namePersonas(profiles);

  it("segmentationWarnings(profiles, {maxActionable}) warns about too many segments and the typical one", () => {
    const w = segmentationWarnings(profiles, { maxActionable: 5, personas });
    const typical = profiles.segments[6]!;
    const top = Math.max(
      ...typical.features.map((f) => Math.abs(f.effectSize)),
      ...typical.attributes.flatMap((a) => a.levels.map((l) => Math.abs(l.effectSize))),
    );
    expect(w).toEqual([
      msg.tooManySegments(7, 5),
      msg.noActionableDifference(6, "Typical Users", top, 0.5),
    ]);
  });

  it("segmentationWarnings(profiles) keeps a tiny distinctive segment and flags it, and flags a tiny plain one", () => {
    // 10 big spenders and 10 typical users among 600.
    const arch = [ARCHETYPES[0]!, ARCHETYPES[1]!, ARCHETYPES[3]!];
    const big = syntheticTable(190, arch);
    const tinyRich = syntheticTable(10, [ARCHETYPES[4]!]);
    const tinyPlain = syntheticTable(10, [{ name: "plain", means: { events: 127 }, free: 0.4 }]);
    const t = big.table;
    const merged = {
      ...t,
      ids: [
        ...t.ids,
        ...tinyRich.table.ids.map((id) => `r${id}`),
        ...tinyPlain.table.ids.map((id) => `p${id}`),
      ],
      columns: t.columns.map((c, j) =>
        Float64Array.from([...c, ...tinyRich.table.columns[j]!, ...tinyPlain.table.columns[j]!]),
      ),
      attributes: [
        {
          name: "plan",
          values: [
            ...t.attributes[0]!.values,
            ...tinyRich.table.attributes[0]!.values,
            ...tinyPlain.table.attributes[0]!.values,
          ],
        },
      ],
    };
    const l = Int32Array.from([...big.labels, ...new Array(10).fill(3), ...new Array(10).fill(4)]);
    const p = profileSegments(merged, l);
    const w = segmentationWarnings(p, { stability: [0.9, 0.9, 0.5, null, null] });
    const rich = p.segments[3]!.features.find((f) => f.name === "value_sum")!;
    expect(w).toContain(
      msg.tinyDistinctiveSegment(3, "segment 3", 10 / 590, "value_sum", rich.effectSize),
    );
    expect(w).toContain(msg.tinySegment(4, "segment 4", 10 / 590, 0.02));
    expect(w).toContain(msg.unstableSegment(2, "segment 2", 0.5, 0.6));
    expect(p.k).toBe(5);
  });

  it("segmentationWarnings(profiles, options) rejects bad options", () => {
    expect(() => segmentationWarnings(profiles, { maxActionable: 0 })).toThrow(
      new RangeError(msg.badOption("maxActionable", 0, "an integer >= 1")),
    );
    expect(() => segmentationWarnings(profiles, { minShare: 1 })).toThrow(
      new RangeError(msg.badOption("minShare", 1, ">= 0 and < 1")),
    );
    expect(() => segmentationWarnings(profiles, { minEffect: 0 })).toThrow(
      new RangeError(msg.badOption("minEffect", 0, "> 0")),
    );
    expect(() => segmentationWarnings(profiles, { distinctEffect: -1 })).toThrow(
      new RangeError(msg.badOption("distinctEffect", -1, "> 0")),
    );
  });
});
