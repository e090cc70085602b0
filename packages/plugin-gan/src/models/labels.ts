/** A label vector: one-hot for a class, or a blend of two when editing along a class direction. */
export function labelVector(labelCount: number, weights: Record<number, number>): number[] {
  return Array.from({ length: labelCount }, (_, i) => weights[i] ?? 0);
}
