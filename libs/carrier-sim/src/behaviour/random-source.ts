/** Returns a float in [0, 1); injectable so tests can make every random choice deterministic. */
export type RandomSource = () => number;

export const mathRandom: RandomSource = () => Math.random();

export function randomBetween(random: RandomSource, min: number, max: number): number {
  return max <= min ? min : min + Math.floor(random() * (max - min + 1));
}
