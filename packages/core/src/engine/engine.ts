import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AtelierError, type BackendName, backendNames, type EngineReport, tf } from '@atelier/plugin-api';
import { registerEngineKernels } from './register-kernels.js';

export type BackendChoice = 'auto' | BackendName;

export interface Engine {
  readonly tf: typeof tf;
  report(): EngineReport;
}

const require = createRequire(import.meta.url);
let wasmThreads = 1;

interface BackendLoader {
  name: BackendName;
  install: string;
  load(): Promise<void>;
}

/** tfjs-node(-gpu) register the `tensorflow` backend on import, once their addon is present. */
function nativeLoader(name: BackendName, pkg: string, install: string): BackendLoader {
  return {
    name,
    install,
    async load() {
      assertNativeBinding(pkg);
      await import(pkg);
      await setBackend('tensorflow');
    },
  };
}

const loaders: Record<BackendName, BackendLoader> = {
  'tensorflow-gpu': nativeLoader(
    'tensorflow-gpu',
    '@tensorflow/tfjs-node-gpu',
    '@tensorflow/tfjs-node-gpu@4.22.0 (needs libtensorflow 2.9.1 with CUDA 11.2 and cuDNN 8.1)',
  ),
  tensorflow: nativeLoader('tensorflow', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node@4.22.0 (its install script downloads libtensorflow)'),
  wasm: {
    name: 'wasm',
    install: '@tensorflow/tfjs-backend-wasm@4.22.0',
    async load() {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      // Load the .wasm binaries from the installed package, never from a CDN.
      const dir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
      wasm.setWasmPaths(`${dir}${path.sep}`);
      await setBackend('wasm');
      wasmThreads = wasm.getThreadsCount();
    },
  },
  cpu: {
    name: 'cpu',
    install: '@tensorflow/tfjs@4.22.0',
    async load() {
      await setBackend('cpu');
    },
  },
};

/**
 * Checks for the addon before importing: tfjs-node registers all its kernels and only then finds its
 * binding missing, so a failed import leaves hundreds of "already registered" warnings behind.
 */
function assertNativeBinding(pkg: string): void {
  const root = path.dirname(require.resolve(`${pkg}/package.json`));
  const lib = path.join(root, 'lib');
  const found = existsSync(lib) && readdirSync(lib).some((dir) => existsSync(path.join(lib, dir, 'tfjs_binding.node')));
  if (!found) throw new Error(`${pkg} is present but its native addon (lib/napi-v*/tfjs_binding.node) is not installed`);
}

async function setBackend(name: string): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tf.setBackend('${name}') returned false`);
  await tf.ready();
}

let active: Promise<Engine> | null = null;
let activeChoice: BackendChoice | null = null;

export function parseBackendChoice(value: string | undefined): BackendChoice {
  const choice = (value ?? 'auto').trim() || 'auto';
  if (choice === 'auto' || (backendNames as readonly string[]).includes(choice)) return choice as BackendChoice;
  throw new AtelierError(
    'BAD_USER_INPUT',
    `ATELIER_BACKEND must be one of auto, ${backendNames.join(', ')}; got "${choice}"`,
    { path: 'ATELIER_BACKEND', limit: ['auto', ...backendNames].join('|') },
  );
}

/**
 * Selects the process's backend once: the first of native GPU, native CPU, WASM, pure-JS CPU that
 * loads (or exactly the forced one, which fails loudly instead of falling back).
 */
export function initEngine(choice: BackendChoice = parseBackendChoice(process.env.ATELIER_BACKEND)): Promise<Engine> {
  if (active) {
    if (choice !== 'auto' && activeChoice !== choice) {
      return active.then((engine) => {
        if (engine.report().backend === choice) return engine;
        throw new AtelierError(
          'ENGINE_UNAVAILABLE',
          `The engine already runs on ${engine.report().backend}; one process has one engine (asked for ${choice})`,
        );
      });
    }
    return active;
  }
  activeChoice = choice;
  active = selectBackend(choice).catch((error) => {
    active = null;
    activeChoice = null;
    throw error;
  });
  return active;
}

async function selectBackend(choice: BackendChoice): Promise<Engine> {
  const order: BackendName[] = choice === 'auto' ? [...backendNames] : [choice];
  const skipped: EngineReport['skipped'] = [];
  for (const name of order) {
    try {
      await loaders[name].load();
      return makeEngine(name, skipped, registerEngineKernels(tf.getBackend()));
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      skipped.push({ backend: name, reason });
      if (choice !== 'auto') {
        throw new AtelierError(
          'ENGINE_UNAVAILABLE',
          `Backend "${name}" could not load: ${reason}. Install ${loaders[name].install}, or set ATELIER_BACKEND=auto.`,
          { backend: name },
          { cause: error },
        );
      }
    }
  }
  throw new AtelierError('ENGINE_UNAVAILABLE', `No tfjs backend could load: ${JSON.stringify(skipped)}`, { skipped });
}

function makeEngine(backend: BackendName, skipped: EngineReport['skipped'], kernels: string[]): Engine {
  const native = backend === 'tensorflow' || backend === 'tensorflow-gpu';
  const flags = tf.env();
  const report: EngineReport = {
    backend,
    tfjsVersion: tf.version.tfjs,
    native,
    simd: backend === 'wasm' ? flags.getBool('WASM_HAS_SIMD_SUPPORT') : false,
    // Node has no worker-backed WASM threads (WASM_HAS_MULTITHREAD_SUPPORT is false), so WASM runs on
    // one thread; libtensorflow sizes its own pool (0 = decided by TensorFlow).
    threads: backend === 'wasm' ? wasmThreads : native ? 0 : 1,
    gpu: backend === 'tensorflow-gpu' ? nativeUsesGpu() : native ? false : null,
    skipped,
    kernels,
  };
  return { tf, report: () => ({ ...report, skipped: [...report.skipped], kernels: [...report.kernels] }) };
}

/** tfjs-node-gpu silently runs on the CPU when CUDA or cuDNN is missing; its binding says which. */
function nativeUsesGpu(): boolean | null {
  const flag = (tf.backend() as { isUsingGpuDevice?: unknown }).isUsingGpuDevice;
  return typeof flag === 'boolean' ? flag : null;
}
