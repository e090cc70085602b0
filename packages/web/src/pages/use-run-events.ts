import { useEffect, useState } from 'react';
import type { ApiError } from '../api/client.js';
import { subscribe } from '../api/client.js';
import { RunEventsDocument, type ArtifactFieldsFragment, type RunStatus, type StepStatus } from '../api/generated.js';

export interface LiveStep {
  status: StepStatus;
  fraction?: number;
  message?: string;
}

export interface LossPoint {
  step: number;
  losses: Record<string, number>;
}

export interface LiveRun {
  status: RunStatus | null;
  steps: Record<string, LiveStep>;
  artifacts: ArtifactFieldsFragment[];
  losses: LossPoint[];
  totalSteps: number | null;
  error: ApiError | null;
  /** The run's error as the status event reported it. */
  runError: { code: string; message: string } | null;
}

const initial: LiveRun = { status: null, steps: {}, artifacts: [], losses: [], totalSteps: null, error: null, runError: null };

/** The run's live events (`runEvents`), folded into status, step progress, artifacts and losses. */
export function useRunEvents(runId: string): LiveRun {
  const [live, setLive] = useState<LiveRun>(initial);
  useEffect(() => {
    setLive(initial);
    return subscribe(
      RunEventsDocument,
      { runId },
      {
        next: ({ runEvents: event }) =>
          setLive((s) => {
            switch (event.__typename) {
              case 'RunStatusEvent':
                return { ...s, status: event.status, runError: event.error };
              case 'RunStepEvent': {
                const progress = (event.stepProgress ?? {}) as { fraction?: number; message?: string };
                return { ...s, steps: { ...s.steps, [event.stepId]: { status: event.stepStatus, fraction: progress.fraction, message: progress.message } } };
              }
              case 'RunTrainingEvent':
                return { ...s, totalSteps: event.totalSteps, losses: [...s.losses, { step: event.step, losses: event.losses as Record<string, number> }] };
              case 'RunArtifactEvent':
                return s.artifacts.some((a) => a.id === event.artifact.id) ? s : { ...s, artifacts: [...s.artifacts, event.artifact] };
              default:
                return s;
            }
          }),
        error: (error) => setLive((s) => ({ ...s, error })),
      },
    );
  }, [runId]);
  return live;
}
