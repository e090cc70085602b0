import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Atelier } from '../atelier.js';
import { withoutPngText } from '../image/png-text.js';
import type { ArtifactRecord } from '../contracts/records.js';

/**
 * sha256 of a stored PNG without its text chunks: equal for the same image from two runs, whose
 * files differ in their provenance (run id) only.
 */
export function imageDigest(atelier: Pick<Atelier, 'artifacts'>, artifact: ArtifactRecord): string {
  return crypto.createHash('sha256').update(withoutPngText(fs.readFileSync(atelier.artifacts.absolutePath(artifact)))).digest('hex');
}
