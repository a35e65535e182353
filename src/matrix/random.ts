/**
 * A seeded pseudo-random generator (mulberry32): the only source of randomness in SegmentLab,
 * so that the same seed gives the same output on every run and platform.
 *
 * @param seed - any integer; it is reduced to 32 bits.
 * @returns a function returning uniform numbers in [0, 1).
 * @example
 * const r = createRandom(42); r(); // => 0.6011037519201636
 */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Derives an independent child seed from a seed and a stream number (for restarts, bootstrap
 * replicates, workers), so that streams do not overlap and results do not depend on scheduling.
 *
 * @example
 * deriveSeed(42, 3) !== deriveSeed(42, 4); // => true
 */
export function deriveSeed(seed: number, stream: number): number {
  let h = (seed >>> 0) ^ Math.imul(stream + 1, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A standard normal draw (Box–Muller) from a uniform source.
 *
 * @example
 * const z = randomNormal(createRandom(1)); // => a number, mean 0 and sd 1 over many draws
 */
export function randomNormal(random: () => number): number {
  let u = 0;
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
