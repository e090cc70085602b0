import { AtelierError, type CheckpointRecord, type DatasetRecord, wrapError } from '@atelier/plugin-api';
import type { ArtifactRecord, ErrorRecord } from '../contracts/records.js';
import type { ResourceRequest } from '../run/protocol.js';

/** Answers a worker's record requests: the API's stores, or (a BullMQ worker) the records sent with the job. */
export interface RecordLookup {
  checkpoint(ref: string): CheckpointRecord;
  dataset(name: string): DatasetRecord;
  /** Stored artifacts by id; absent where a worker cannot reach them. */
  artifact?(id: string): ArtifactRecord;
}

export function answerRequest(lookup: RecordLookup, request: ResourceRequest): { value?: unknown; error?: ErrorRecord } {
  try {
    switch (request.resource) {
      case 'checkpoint':
        return { value: lookup.checkpoint(request.ref) };
      case 'dataset':
        return { value: lookup.dataset(request.name) };
      case 'artifact':
        if (!lookup.artifact) throw new AtelierError('NOT_FOUND', `Stored artifacts cannot be read by this worker`, { path: 'ids', value: request.id });
        return { value: lookup.artifact(request.id) };
    }
  } catch (error) {
    return { error: wrapError(error, 'INTERNAL', 'Lookup failed').toJSON() };
  }
}
