import { describe, expect, it } from "vitest";
import {
  createRandom,
  deriveSeed,
  fromColumns,
  fromRows,
  takeRows,
  toRows,
} from "../src/matrix/index.js";

describe("matrix", () => {
  it("fromRows(rows) stores row-major and toRows round-trips", () => {
    const m = fromRows([
      [1, 2],
      [3, 4],
    ]);
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4]);
    expect(toRows(m)).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });
  it("fromColumns(cols) transposes columns into row-major", () => {
    expect(Array.from(fromColumns([Float64Array.of(1, 3), Float64Array.of(2, 4)]).data)).toEqual([
      1, 2, 3, 4,
    ]);
  });
  it("takeRows(m, idx) selects rows in the given order", () => {
    expect(Array.from(takeRows(fromRows([[1], [2], [3]]), [2, 0]).data)).toEqual([3, 1]);
  });
  it("fromRows rejects ragged rows", () => {
    expect(() => fromRows([[1, 2], [3]])).toThrow("row 1 has 1 values, expected 2");
  });
});

describe("random", () => {
  it("createRandom(42) is the documented mulberry32 stream", () => {
    expect(createRandom(42)()).toBe(0.6011037519201636);
  });
  it("deriveSeed gives distinct streams", () => {
    const seeds = new Set(Array.from({ length: 1000 }, (_, i) => deriveSeed(7, i)));
    expect(seeds.size).toBe(1000);
  });
});
