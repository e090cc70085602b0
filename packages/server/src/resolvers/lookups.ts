import { AtelierError, type Atelier } from '@atelier/core';

/** Artifacts are served by id only; the URL never carries a file path. */
export function artifactUrl(id: string): string {
  return `/artifacts/${encodeURIComponent(id)}`;
}

/** GraphQL passes explicit nulls for omitted-by-choice arguments; core expects them absent. */
export function withoutNulls<T extends Record<string, unknown>>(input: T): { [K in keyof T]?: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null && value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], null>;
  };
}

/** A saved pipeline by name or an inline spec, exactly one of them. */
export function pipelineSpecOf(atelier: Atelier, args: { name?: string | null; spec?: unknown }): unknown {
  const hasName = args.name !== null && args.name !== undefined;
  const hasSpec = args.spec !== null && args.spec !== undefined;
  if (hasName === hasSpec) throw new AtelierError('BAD_USER_INPUT', 'Give either the name of a saved pipeline or an inline spec', { path: hasName ? 'spec' : 'name' });
  if (!hasName) return args.spec;
  const saved = atelier.pipelines.get(args.name!);
  if (!saved) throw new AtelierError('NOT_FOUND', `No saved pipeline "${args.name}"`, { path: 'name', name: args.name });
  return saved.spec;
}
