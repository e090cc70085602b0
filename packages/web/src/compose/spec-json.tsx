import { useEffect, useState } from 'react';
import type { PipelineSpec } from './spec.js';

/** The spec as JSON, editable: valid JSON with a `steps` list replaces the form's spec as you type. */
export function SpecJson({ spec, onChange }: { spec: PipelineSpec; onChange: (spec: PipelineSpec) => void }) {
  const formatted = JSON.stringify(spec, null, 2);
  const [text, setText] = useState(formatted);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (!problem) setText(formatted);
  }, [formatted]);
  return (
    <details className="spec-json">
      <summary>Spec as JSON</summary>
      <label htmlFor="spec-json" className="sr-only">
        Pipeline spec JSON
      </label>
      <textarea
        id="spec-json"
        spellCheck={false}
        rows={16}
        value={text}
        aria-invalid={problem ? true : undefined}
        onChange={(e) => {
          setText(e.target.value);
          try {
            const parsed = JSON.parse(e.target.value) as PipelineSpec;
            if (!Array.isArray(parsed?.steps)) throw new Error('The spec needs a "steps" list');
            setProblem(null);
            onChange(parsed);
          } catch (error) {
            setProblem((error as Error).message);
          }
        }}
      />
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </details>
  );
}
