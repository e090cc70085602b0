/** What the engine says of itself, to runs, plugins and clients. */
export const backendNames = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof backendNames)[number];

export interface EngineReport {
  backend: BackendName;
  tfjsVersion: string;
  native: boolean;
  simd: boolean;
  threads: number;
  /** For native GPU builds: whether TensorFlow found a GPU device. */
  gpu: boolean | null;
  /** Backends tried before this one, with the reason each failed. */
  skipped: { backend: BackendName; reason: string }[];
  /** Kernels Atelier installed on this backend (training gaps and faster replacements). */
  kernels: string[];
}
