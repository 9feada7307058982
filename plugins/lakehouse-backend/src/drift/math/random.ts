// Bound once: calibration draws millions of numbers, and a global lookup of
// `Math` costs ~200 ns inside VM contexts such as Jest's.
const { imul, log, sqrt } = Math;

/**
 * A seeded, reproducible uniform generator on [0, 1): xoshiro128** over four
 * 32-bit words, its state filled from the seed by a murmur3-style finaliser of
 * a Weyl sequence. Calibrated thresholds and the calibration tests draw
 * millions of numbers per run, so the generator needs a long period (2^128 - 1)
 * and full 53-bit doubles (inversion sampling compares against tiny
 * probabilities), which `Math.random` cannot give reproducibly.
 *
 * @param seed - any finite number; equal seeds give equal sequences.
 */
export function seededRandom(seed: number): () => number {
  if (!Number.isFinite(seed)) {
    throw new RangeError(
      `seededRandom: seed must be a finite number, got ${seed}`,
    );
  }
  // Fold the seed (which may be fractional or above 2^32) into 32 bits.
  let weyl = (Math.floor(seed) ^ Math.floor(seed / 4294967296)) >>> 0;
  const nextSeedWord = (): number => {
    weyl = (weyl + 0x9e3779b9) >>> 0;
    let z = weyl;
    z = imul(z ^ (z >>> 16), 0x85ebca6b);
    z = imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let s0 = nextSeedWord();
  let s1 = nextSeedWord();
  let s2 = nextSeedWord();
  let s3 = nextSeedWord();
  if ((s0 | s1 | s2 | s3) === 0) {
    // The all-zero state is the generator's only fixed point.
    s0 = 1;
  }
  const rotateLeft = (x: number, k: number): number =>
    (x << k) | (x >>> (32 - k));
  const nextWord = (): number => {
    const result = imul(rotateLeft(imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotateLeft(s3, 11);
    return result;
  };
  return () => {
    // 27 + 26 bits make one double with a full 53-bit mantissa.
    const high = nextWord() >>> 5;
    const low = nextWord() >>> 6;
    return (high * 67108864 + low) / 9007199254740992;
  };
}

/**
 * A standard normal deviate from a uniform generator (Marsaglia's polar
 * method: no trigonometry, exact in distribution).
 */
export function standardNormal(random: () => number): number {
  for (;;) {
    const u = 2 * random() - 1;
    const v = 2 * random() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) {
      return u * sqrt((-2 * log(s)) / s);
    }
  }
}
