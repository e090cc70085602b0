import fs from 'node:fs';
import path from 'node:path';
import { tf } from '@atelier/plugin-api';
import { writeFileSynced } from './atomic-file.js';

type ModelArtifacts = tf.io.ModelArtifacts;
type ModelJSON = tf.io.ModelJSON;

const modelFile = 'model.json';
const weightsFile = 'weights.bin';

/** Node's Buffer may share a larger pool; tfjs needs an ArrayBuffer holding exactly the bytes. */
function toArrayBuffer(buffer: Buffer): ArrayBuffer {
  return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
}

/**
 * A save handler writing tfjs's browser format (`model.json` + one `weights.bin`) into `dir`. It
 * uses plain `fs`, so it works on every backend — `file://` exists only with tfjs-node — and the
 * files load with `tf.loadLayersModel` in a browser as well as through `fileLoadHandler`.
 */
export function fileSaveHandler(dir: string): tf.io.IOHandler {
  return {
    async save(artifacts: ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new Error('Binary (GraphDef) model topologies are not supported; save a LayersModel');
      }
      const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0)));
      const modelJson: ModelJSON = {
        modelTopology: artifacts.modelTopology ?? {},
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [weightsFile], weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
        ...(artifacts.signature ? { signature: artifacts.signature } : {}),
        ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
      };
      fs.mkdirSync(dir, { recursive: true });
      writeFileSynced(path.join(dir, weightsFile), weights);
      writeFileSynced(path.join(dir, modelFile), Buffer.from(JSON.stringify(modelJson)));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  };
}

/** Reads what `fileSaveHandler` (or tfjs's own `file://`/browser saves) wrote into `dir`. */
export function fileLoadHandler(dir: string): tf.io.IOHandler {
  return {
    async load(): Promise<ModelArtifacts> {
      const modelJson = JSON.parse(fs.readFileSync(path.join(dir, modelFile), 'utf8')) as ModelJSON;
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const specs = manifest.flatMap((group) => group.weights);
        const buffers = manifest.flatMap((group) =>
          // Only bare file names inside `dir`: a manifest must not make us read elsewhere.
          group.paths.map((name) => toArrayBuffer(fs.readFileSync(path.join(dir, path.basename(name))))),
        );
        return [specs, tf.io.CompositeArrayBuffer.join(buffers)];
      });
    },
  };
}
