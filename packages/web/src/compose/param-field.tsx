import { useEffect, useState } from 'react';
import type { Checkpoint } from '../catalog.js';
import type { Field } from './json-schema.js';

export interface ParamFieldProps {
  field: Field;
  /** Unique per step and field, for the label and the error's `aria-describedby`. */
  inputId: string;
  value: unknown;
  onChange: (value: unknown) => void;
  error?: string;
  checkpoints: Checkpoint[];
  datasets: string[];
}

/** One parameter as the control its JSON Schema calls for; `undefined` means "use the default". */
export function ParamField({ field, inputId, value, onChange, error, checkpoints, datasets }: ParamFieldProps) {
  const { control, schema } = field;
  const errorId = `${inputId}-error`;
  const common = { id: inputId, 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? errorId : undefined };
  const placeholder = schema.default !== undefined ? `default ${JSON.stringify(schema.default)}` : field.required ? 'required' : 'optional';
  let input;
  switch (control.kind) {
    case 'checkpoint':
    case 'dataset': {
      const names = control.kind === 'checkpoint' ? [...new Set(checkpoints.map((c) => c.name))] : datasets;
      input = (
        <select {...common} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value || undefined)}>
          <option value="">{field.required ? `Choose a ${control.kind}` : '(none)'}</option>
          {names.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      );
      break;
    }
    case 'enum':
      input = (
        <select
          {...common}
          value={value === undefined ? '' : JSON.stringify(value)}
          onChange={(e) => onChange(e.target.value === '' ? undefined : JSON.parse(e.target.value))}
        >
          <option value="">{placeholder}</option>
          {control.options.map((option) => (
            <option key={JSON.stringify(option)} value={JSON.stringify(option)}>
              {String(option)}
            </option>
          ))}
        </select>
      );
      break;
    case 'number': {
      const current = typeof value === 'number' ? value : undefined;
      const step = control.integer ? 1 : 'any';
      const slidable = control.min !== undefined && control.max !== undefined && control.max - control.min <= 10_000;
      input = (
        <span className="number">
          {slidable && (
            <input
              type="range"
              aria-label={`${field.name} slider`}
              min={control.min}
              max={control.max}
              step={control.integer ? 1 : (control.max! - control.min!) / 100}
              value={current ?? (typeof schema.default === 'number' ? schema.default : control.min)}
              onChange={(e) => onChange(Number(e.target.value))}
            />
          )}
          <NumberInput {...common} step={step} placeholder={placeholder} value={current} onChange={onChange} />
        </span>
      );
      break;
    }
    case 'boolean':
      input = (
        <select {...common} value={value === undefined ? '' : String(value)} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value === 'true')}>
          <option value="">{placeholder}</option>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      );
      break;
    case 'string':
      input = <input {...common} type="text" placeholder={placeholder} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value || undefined)} />;
      break;
    default:
      input = <JsonInput {...common} placeholder={placeholder} value={value} onChange={onChange} />;
  }
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor={inputId} title={schema.description}>
        {field.name}
        {field.required ? ' *' : ''}
      </label>
      {input}
      {error && (
        <p className="field-error" id={errorId} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

type InputAttrs = { id: string; placeholder: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string };

/** Keeps what the user types (e.g. "1." or "-") while the value stays a number. */
function NumberInput({ value, onChange, step, ...attrs }: InputAttrs & { value: number | undefined; onChange: (v: unknown) => void; step: number | 'any' }) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  useEffect(() => {
    if (Number(text) !== value) setText(value === undefined ? '' : String(value));
    // Only an outside change (slider, JSON edit) rewrites the text.
  }, [value]);
  return (
    <input
      {...attrs}
      type="number"
      step={step}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(e.target.value === '' ? undefined : Number(e.target.value));
      }}
    />
  );
}

/** Lists and objects as JSON text; invalid JSON is kept as typed and flagged. */
function JsonInput({ value, onChange, ...attrs }: InputAttrs & { value: unknown; onChange: (v: unknown) => void }) {
  const [text, setText] = useState(value === undefined ? '' : JSON.stringify(value));
  const [bad, setBad] = useState(false);
  return (
    <input
      {...attrs}
      type="text"
      className={bad ? 'bad-json' : undefined}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        if (e.target.value.trim() === '') return onChange(undefined);
        try {
          onChange(JSON.parse(e.target.value));
          setBad(false);
        } catch {
          setBad(true);
        }
      }}
    />
  );
}
