import wabtInit from "wabt";
import { afterEach, describe, expect, it } from "vitest";
import { Engine } from "../../src/cluster/engine.js";
import { fitMiniBatchKMeans, fitPredictKMeans, sharedMatrix } from "../../src/cluster/index.js";
import { batchKernelFor, kernelsFor, setupSimd, type Simd } from "../../src/cluster/kernels.js";
import * as msg from "../../src/cluster/messages.js";
import {
  distanceModule,
  distanceModuleSpec,
  outputStride,
  simdLayout,
  simdSupported,
} from "../../src/cluster/simd-distances.js";
import { encodeModule, moduleText } from "../../src/cluster/wasm-encoder.js";
import { createRandom, randomNormal } from "../../src/matrix/random.js";
import { blobs } from "./helpers.js";

/** `WebAssembly.validate` (the project's TypeScript lib has no WebAssembly types). */
const wasmValidate = (bytes: Uint8Array): boolean =>
  (
    globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }
  ).WebAssembly.validate(bytes);

/** Runs fn with the SIMD kernel switched off (the plain JavaScript path). */
function withoutSimd<T>(fn: () => T): T {
  process.env.SEGMENTLAB_NO_SIMD = "1";
  try {
    return fn();
  } finally {
    delete process.env.SEGMENTLAB_NO_SIMD;
  }
}

afterEach(() => {
  delete process.env.SEGMENTLAB_NO_SIMD;
});

/** A SIMD instance for d columns and the given centre counts (first with argmin). */
function instance(d: number, rows: number, counts: number[], trials = 0): Simd {
  const layout = simdLayout(
    d,
    rows,
    counts.map((count, i) => ({ count, argmin: i === 0 })),
    trials,
  );
  const simd = kernelsFor(d).setup(distanceModule(layout)!, layout);
  expect(simd).not.toBeNull();
  return simd!;
}

describe("encodeModule", () => {
  it("encodeModule(distanceModuleSpec(...)) gives the bytes wabt assembles from moduleText", async () => {
    const wabt = await wabtInit();
    for (const [d, counts, trials] of [
      [1, [1], 0],
      [3, [5, 3, 4], 3],
      [20, [8, 4, 5], 4],
      [130, [20, 4], 5],
    ] as const) {
      const layout = simdLayout(
        d,
        64,
        counts.map((count, i) => ({ count, argmin: i === 0 })),
        trials,
      );
      // Private memory, and shared (resident data: Hamerly, first and final passes, stats).
      for (const shared of [false, true]) {
        const spec = distanceModuleSpec(layout, shared);
        const ours = encodeModule(spec);
        const parsed = wabt.parseWat("kernel.wat", moduleText(spec), { simd: true, threads: true });
        // wabt.js's validator rejects shared memories whatever the features; V8 validates below.
        if (!shared) parsed.validate();
        else expect(wasmValidate(ours)).toBe(true);
        const reference = parsed.toBinary({}).buffer;
        parsed.destroy();
        expect(Buffer.from(ours).equals(Buffer.from(reference))).toBe(true);
      }
    }
  });

  it("simdSupported() is true on this Node.js (SIMD since 16.4)", () => {
    expect(simdSupported()).toBe(true);
  });

  it("new Engine(...).simd is true by default and false with SEGMENTLAB_NO_SIMD set", () => {
    const { X } = blobs(100, 3, 2, 1);
    const engine = new Engine(X, null, 2, 3, 1);
    const plain = withoutSimd(() => new Engine(X, null, 2, 3, 1));
    expect([engine.simd, plain.simd]).toEqual([true, false]);
  });

  it("new Engine(...).simdReason says why the JavaScript kernels run: SEGMENTLAB_NO_SIMD, too many columns", () => {
    const { X } = blobs(100, 3, 2, 1);
    expect(new Engine(X, null, 2, 3, 1).simdReason).toBeNull();
    expect(withoutSimd(() => new Engine(X, null, 2, 3, 1)).simdReason).toBe(
      msg.simdDisabledByEnv(),
    );
    const wide = { data: new Float64Array(4 * 300).map((_, i) => i % 7), rows: 4, cols: 300 };
    const engine = new Engine(wide, null, 2, 3, 1);
    expect([engine.simd, engine.simdReason]).toEqual([false, msg.simdTooManyColumns(300, 256)]);
  });

  it("setupSimd(d, {module}) returns no instance and the WebAssembly error as the reason when it cannot instantiate", () => {
    const layout = simdLayout(3, 16, [{ count: 2, argmin: true }]);
    const setup = setupSimd(3, { module: Uint8Array.of(0, 1, 2, 3), layout });
    expect(setup.simd).toBeNull();
    expect(setup.reason).toMatch(
      /^SIMD kernel off on this thread: its WebAssembly instance could not be made \(CompileError: /,
    );
    const good = setupSimd(3, { module: distanceModule(layout)!, layout });
    expect([good.simd === null, good.reason]).toEqual([false, null]);
  });
});

describe("the SIMD distance function", () => {
  for (const [d, k] of [
    [1, 1],
    [3, 5],
    [20, 8],
    [17, 11],
    // The nearest centre's index comes from a bit mask up to 32 centres, a scan above.
    [5, 32],
    [4, 37],
  ] as const) {
    it(`dist(d = ${d}, k = ${k}) gives each squared distance, d1, d2 and b1 as the JavaScript scan`, () => {
      const random = createRandom(d * 100 + k);
      const rows = 50;
      const simd = instance(d, rows, [k]);
      const x = Float64Array.from({ length: rows * d }, () => randomNormal(random));
      const cen = Float64Array.from({ length: k * d }, () => randomNormal(random));
      // A duplicated centre makes ties: the smaller index must win and d2 must equal d1.
      if (k >= 3) cen.copyWithin((k - 1) * d, 1 * d, 2 * d);
      // Row 0 sits on centre 0: a zero distance.
      x.set(cen.subarray(0, d), 0);
      simd.F.set(x, 0);
      const base = simd.cenByte / 8;
      for (let j = 0; j < k + (k % 2); j++)
        for (let f = 0; f < d; f++)
          simd.F[base + (j >> 1) * 2 * d + 2 * f + (j & 1)] = cen[Math.min(j, k - 1) * d + f]!;
      simd.dist[0]!(0, rows, simd.cenByte, simd.outByte);
      const S = outputStride(k, true);
      const P = 2 * Math.ceil(k / 2);
      for (let i = 0; i < rows; i++) {
        let b1 = 0;
        let d1 = Infinity;
        let d2 = Infinity;
        const ob = simd.outByte / 8 + i * S;
        for (let j = 0; j < k; j++) {
          let s = 0;
          for (let f = 0; f < d; f++) {
            const t = x[i * d + f]! - cen[j * d + f]!;
            s += t * t;
          }
          expect(simd.F[ob + j]).toBe(s);
          if (s < d1) {
            d2 = d1;
            d1 = s;
            b1 = j;
          } else if (s < d2) d2 = s;
        }
        expect([simd.F[ob + P], simd.F[ob + P + 1], simd.F[ob + P + 2]]).toEqual([d1, d2, b1]);
      }
    });
  }
});

describe("fitPredictKMeans with and without SIMD", () => {
  const cases = [
    { name: "k = 3, Elkan", n: 3000, d: 4, k: 3, opts: { algorithm: "elkan" } },
    { name: "k = 5, Hamerly, weighted", n: 4000, d: 7, k: 5, opts: { algorithm: "hamerly" } },
    {
      name: "k = 8, plain Lloyd, 2 restarts",
      n: 3000,
      d: 20,
      k: 8,
      opts: { algorithm: "lloyd", nInit: 2 },
    },
    {
      name: "k = 11 (three pair groups), Hamerly",
      n: 3000,
      d: 3,
      k: 11,
      opts: { algorithm: "hamerly" },
    },
  ] as const;
  for (const c of cases) {
    it(`fitPredictKMeans(X, {${c.name}}) gives the same model and labels byte for byte`, () => {
      const { X } = blobs(c.n, c.d, c.k, 7, 3, 4);
      const random = createRandom(3);
      const sampleWeight = c.name.includes("weighted")
        ? Float64Array.from({ length: c.n }, (_, i) => (i % 9 === 0 ? 0 : 0.5 + random()))
        : undefined;
      const options = { k: c.k, seed: 5, sampleWeight, ...c.opts } as const;
      const simd = fitPredictKMeans(X, options);
      const plain = withoutSimd(() => fitPredictKMeans(X, options));
      expect(JSON.stringify(simd.model)).toBe(JSON.stringify(plain.model));
      expect(Array.from(simd.labels)).toEqual(Array.from(plain.labels));
    });
  }

  it("fitPredictKMeans(X, {k: 8, threads}) on 520k rows (k-means++ merges each step into the next pass) is the same with SIMD, without, and on 1 or 2 threads", () => {
    // n × L = 520k × 4 exceeds the 2M potentials k-means++ keeps, so each chosen centre is
    // merged into the next trial pass (the path large data takes).
    const { X } = blobs(520_000, 2, 8, 11, 1, 2);
    const options = { k: 8, seed: 1, nInit: 1, maxIter: 20 };
    const a = fitPredictKMeans(X, { ...options, threads: 2 });
    const b = withoutSimd(() => fitPredictKMeans(X, { ...options, threads: 1 }));
    const c = fitPredictKMeans(X, { ...options, threads: 1 });
    expect(JSON.stringify(a.model)).toBe(JSON.stringify(b.model));
    expect(JSON.stringify(c.model)).toBe(JSON.stringify(b.model));
    expect(a.labels).toEqual(b.labels);
  });
});

describe("sharedMatrix", () => {
  it("fitPredictKMeans(sharedMatrix(...), {weights, hamerly}) reads the rows in place: same model as a plain array, on 1 and 2 threads, fit after fit, for even and odd d", () => {
    // Odd d: the kernels' last column goes through their one-column tails.
    for (const d of [6, 7]) {
      const { X: plainX } = blobs(30_000, d, 5, 8, 2, 3);
      const X = sharedMatrix(plainX.rows, plainX.cols);
      X.data.set(plainX.data);
      const random = createRandom(9);
      const sampleWeight = Float64Array.from({ length: X.rows }, (_, i) =>
        i % 11 === 0 ? 0 : 0.5 + random(),
      );
      const options = { k: 5, seed: 3, algorithm: "hamerly", sampleWeight } as const;
      const expected = JSON.stringify(withoutSimd(() => fitPredictKMeans(plainX, options).model));
      for (const threads of [1, 2, 1])
        expect(JSON.stringify(fitPredictKMeans(X, { ...options, threads }).model)).toBe(expected);
      expect(X.data).toEqual(plainX.data);
    }
  });

  it("fitPredictKMeans(sharedMatrix(...), {lloyd | elkan | hamerly stopped early, threads: 2}) reads the rows in place: same model as a plain array without SIMD", () => {
    // Resident fits running Lloyd's or Elkan's steps use the kernel's plain distance functions,
    // which Hamerly's resident module leaves out; a fit stopped before convergence ends with
    // rows whose own centre is not the nearest, which the final pass must not keep.
    const { X: plainX } = blobs(12_000, 5, 4, 21, 2, 3);
    const X = sharedMatrix(plainX.rows, plainX.cols);
    X.data.set(plainX.data);
    for (const algorithm of ["lloyd", "elkan", "hamerly"] as const) {
      const options = { k: 4, seed: 5, algorithm, maxIter: algorithm === "hamerly" ? 2 : 300 };
      const expected = JSON.stringify(withoutSimd(() => fitPredictKMeans(plainX, options)));
      expect(JSON.stringify(fitPredictKMeans(X, { ...options, threads: 2 }))).toBe(expected);
    }
  });
});

describe("fitMiniBatchKMeans with and without SIMD", () => {
  it("fitMiniBatchKMeans(X, {k: 6, weights}) gives the same model byte for byte", () => {
    const { X } = blobs(20_000, 9, 6, 21, 2, 5);
    const sampleWeight = Float64Array.from({ length: X.rows }, (_, i) => 1 + (i % 3));
    for (const w of [undefined, sampleWeight]) {
      const options = { k: 6, seed: 2, batchSize: 512, sampleWeight: w };
      const simd = fitMiniBatchKMeans(X, options);
      const plain = withoutSimd(() => fitMiniBatchKMeans(X, options));
      expect(JSON.stringify(simd)).toBe(JSON.stringify(plain));
    }
  });

  it("batchKernelFor(d)(…, simd) gives the labels, sums and inertia of the JavaScript kernel", () => {
    const random = createRandom(4);
    const [n, d, k, bs] = [500, 13, 7, 100];
    const x = Float64Array.from({ length: n * d }, () => randomNormal(random));
    const cen = Float64Array.from({ length: k * d }, () => randomNormal(random));
    cen.copyWithin(5 * d, 2 * d, 3 * d);
    const idx = Int32Array.from({ length: bs }, () => Math.floor(random() * n));
    const run = (simd: Simd | null) => {
      const lab = new Int32Array(bs);
      const batchW = new Float64Array(k);
      const sums = new Float64Array(k * d);
      const inertia = batchKernelFor(d)(
        x,
        idx,
        bs,
        cen,
        k,
        null,
        lab,
        batchW,
        sums,
        new Float64Array(bs * d),
        simd,
      );
      return { lab: Array.from(lab), batchW: Array.from(batchW), sums: Array.from(sums), inertia };
    };
    const plain = run(null);
    expect(run(instance(d, bs, [k]))).toEqual(plain);
    expect(plain.lab.includes(5)).toBe(false);
  });
});
