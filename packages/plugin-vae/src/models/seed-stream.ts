import { type RandomSource, tf } from '@atelier/plugin-api';

/** Seeds for every weight initialiser of a fresh model, drawn from the run's seeded stream. */
export interface SeedStream {
  next(): number;
  initializer(): ReturnType<typeof tf.initializers.glorotUniform>;
}

export function seedStream(random: RandomSource): SeedStream {
  return {
    next: () => random.nextSeed(),
    initializer: () => tf.initializers.glorotUniform({ seed: random.nextSeed() }),
  };
}
