import type { Resolver } from './context.js';

/** Read-only queries over what the server knows: engine, plugins, checkpoints, data sets, pipelines. */
export const engine: Resolver = (_root, _args, { atelier }) => atelier.engine.report();

export const plugins: Resolver = (_root, _args, { atelier }) =>
  atelier.registry.plugins.map((manifest) => ({
    name: manifest.name,
    version: manifest.version,
    description: manifest.description ?? null,
    components: atelier.registry.describePlugin(manifest),
  }));

export const pluginFailures: Resolver = (_root, _args, { atelier }) =>
  atelier.registry.failures.map((failure) => ({ name: failure.name, code: failure.error.code, message: failure.error.message }));

export const checkpoints: Resolver = (_root, args: { family?: string | null }, { atelier }) =>
  atelier.checkpoints.list(args.family ? { family: args.family } : {});

export const datasets: Resolver = (_root, _args, { atelier }) => atelier.datasets.list();

export const pipelines: Resolver = (_root, _args, { atelier }) => atelier.pipelines.list();
