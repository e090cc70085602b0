import {
  AtelierError,
  builtinCapabilities,
  type CapabilityDefinition,
  type Component,
  type ComponentKind,
  type Editor,
  type ModelFamily,
  pluginApiVersion,
  type PluginManifest,
  type Preprocessor,
} from '@atelier/plugin-api';
import { jsonSchemaProblem, toJsonSchema } from './json-schema.js';

export interface PluginLoadFailure {
  name: string;
  error: AtelierError;
}

export interface ComponentDescription {
  id: string;
  kind: ComponentKind;
  plugin: string;
  title: string;
  description: string;
  paramsSchema: Record<string, unknown>;
  capabilities: string[];
  /** For editors: the checkpoint families/capability they need; for families: whether labels are. */
  requires: Record<string, unknown> | null;
  inputs: number | null;
}

const idPattern = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;
const capabilityPattern = /^[a-z][a-z0-9-]*$/;
/** Who registers the plugin API's own capabilities, as DUPLICATE_ID errors name it. */
const apiPackage = '@atelier/plugin-api';

/** What clients of the facade read of the registry: the loaded plugins, those that failed, and their components. */
export interface PluginCatalog {
  readonly plugins: readonly PluginManifest[];
  readonly failures: readonly PluginLoadFailure[];
  family(id: string): ModelFamily<any> | undefined;
  /** Every component of a plugin with its parameter JSON Schema, as clients list them. */
  describePlugin(manifest: PluginManifest): ComponentDescription[];
  /** Every capability a checkpoint may offer, with the plugin that declared it. */
  describeCapabilities(): (CapabilityDefinition & { plugin: string })[];
}

/**
 * Every loaded plugin, its components by id and the capabilities checkpoints may offer (the plugin
 * API's five, then each plugin's). Duplicate ids of either are refused when a plugin registers.
 */
export class PluginRegistry implements PluginCatalog {

  readonly plugins: PluginManifest[] = [];
  readonly failures: PluginLoadFailure[] = [];
  private readonly components = new Map<string, { component: Component; plugin: string }>();
  private readonly capabilities = new Map<string, { capability: CapabilityDefinition; plugin: string }>(
    builtinCapabilities.map((capability) => [capability.id, { capability, plugin: apiPackage }]),
  );

  register(manifest: PluginManifest): void {
    const problems = validateManifest(manifest);
    if (problems.length > 0) {
      throw new AtelierError('PLUGIN_INVALID', `Plugin "${manifest?.name ?? '?'}" is invalid: ${problems.join('; ')}`, {
        plugin: manifest?.name,
        problems,
      });
    }
    if (this.plugins.some((p) => p.name === manifest.name)) {
      throw new AtelierError('DUPLICATE_ID', `Plugin "${manifest.name}" is registered twice`, { plugin: manifest.name });
    }
    const contributed = componentsOf(manifest);
    const capabilities = manifest.capabilities ?? [];
    refuseDuplicates(manifest.name, 'Component', contributed, this.components);
    refuseDuplicates(manifest.name, 'Capability', capabilities, this.capabilities);
    for (const component of contributed) this.components.set(component.id, { component, plugin: manifest.name });
    for (const capability of capabilities) this.capabilities.set(capability.id, { capability, plugin: manifest.name });
    this.plugins.push(manifest);
  }

  /** A registered capability: what `checkHandle` asks of a handle whose family declares it. */
  capability(id: string): CapabilityDefinition | undefined {
    return this.capabilities.get(id)?.capability;
  }

  /** Every registered capability with the plugin that declared it, for listings (`atelier plugins --json`). */
  describeCapabilities(): (CapabilityDefinition & { plugin: string })[] {
    return [...this.capabilities.values()].map(({ capability, plugin }) => ({ ...capability, plugin }));
  }

  recordFailure(name: string, error: AtelierError): void {
    this.failures.push({ name, error });
  }

  get(id: string): Component | undefined {
    return this.components.get(id)?.component;
  }

  pluginOf(id: string): string | undefined {
    return this.components.get(id)?.plugin;
  }

  editor(id: string): Editor<any> | undefined {
    const c = this.get(id);
    return c?.kind === 'editor' ? c : undefined;
  }

  preprocessor(id: string): Preprocessor<any> | undefined {
    const c = this.get(id);
    return c?.kind === 'preprocessor' ? c : undefined;
  }

  family(id: string): ModelFamily<any> | undefined {
    const c = this.get(id);
    return c?.kind === 'model' ? c : undefined;
  }

  /** Ids of everything a pipeline step may `use`: editors and preprocessors. */
  stepComponentIds(): string[] {
    return [...this.components.values()].filter((c) => c.component.kind !== 'model').map((c) => c.component.id);
  }

  families(): ModelFamily<any>[] {
    return [...this.components.values()].flatMap((c) => (c.component.kind === 'model' ? [c.component] : []));
  }

  describe(id: string): ComponentDescription {
    const entry = this.components.get(id);
    if (!entry) throw new AtelierError('NOT_FOUND', `No component "${id}"`, { id });
    return describeComponent(entry.component, entry.plugin);
  }

  describePlugin(manifest: PluginManifest): ComponentDescription[] {
    return componentsOf(manifest).map((c) => describeComponent(c, manifest.name));
  }
}

/** DUPLICATE_ID for an id already registered, or given twice by the same plugin. */
function refuseDuplicates(plugin: string, what: string, items: { id: string }[], registered: ReadonlyMap<string, { plugin: string }>): void {
  const seen = new Set<string>();
  for (const { id } of items) {
    const owner = registered.get(id)?.plugin ?? (seen.has(id) ? plugin : null);
    if (owner) {
      throw new AtelierError('DUPLICATE_ID', `${what} id "${id}" of plugin "${plugin}" is already registered by "${owner}"`, {
        id,
        plugin,
        registeredBy: owner,
      });
    }
    seen.add(id);
  }
}

function componentsOf(manifest: PluginManifest): Component[] {
  return [...(manifest.modelFamilies ?? []), ...(manifest.editors ?? []), ...(manifest.preprocessors ?? [])];
}

function describeComponent(component: Component, plugin: string): ComponentDescription {
  const base = { id: component.id, kind: component.kind, plugin, title: component.title, description: component.description };
  switch (component.kind) {
    case 'model':
      return {
        ...base,
        paramsSchema: toJsonSchema(component.hyperparameters),
        capabilities: [...component.capabilities],
        requires: component.needsLabels ? { labels: true } : null,
        inputs: null,
      };
    case 'editor':
      return {
        ...base,
        paramsSchema: toJsonSchema(component.params),
        capabilities: [],
        requires: component.checkpoint ? { checkpoint: { ...component.checkpoint } } : null,
        inputs: component.inputs,
      };
    case 'preprocessor':
      return {
        ...base,
        paramsSchema: toJsonSchema(component.params),
        capabilities: [],
        requires: null,
        inputs: 1,
      };
  }
}

function validateManifest(manifest: PluginManifest): string[] {
  if (!manifest || typeof manifest !== 'object') return ['the module does not export a plugin manifest'];
  const problems: string[] = [];
  if (typeof manifest.name !== 'string' || manifest.name.length === 0) problems.push('name must be a non-empty string');
  if (typeof manifest.version !== 'string') problems.push('version must be a string');
  if (manifest.apiVersion !== undefined && manifest.apiVersion !== pluginApiVersion) {
    problems.push(`it was written for plugin API ${String(manifest.apiVersion)}; this Atelier speaks API ${pluginApiVersion}`);
  }
  for (const capability of manifest.capabilities ?? []) {
    if (typeof capability?.id !== 'string' || !capabilityPattern.test(capability.id)) {
      problems.push(`capability id "${String(capability?.id)}" must be one lower-case word, e.g. "segment"`);
    } else if (typeof capability.method !== 'string' || capability.method.length === 0) {
      problems.push(`capability "${capability.id}" names no method its handles offer`);
    }
  }
  for (const component of componentsOf(manifest)) {
    if (typeof component.id !== 'string' || !idPattern.test(component.id)) {
      problems.push(`component id "${String(component.id)}" must be dotted lower-case, e.g. "gan.generate"`);
    }
    const schema = component.kind === 'model' ? component.hyperparameters : component.params;
    if (!schema || typeof (schema as { safeParse?: unknown }).safeParse !== 'function') {
      problems.push(`component "${component.id}" has no zod schema`);
      continue;
    }
    const unrepresentable = jsonSchemaProblem(schema);
    if (unrepresentable) problems.push(`the parameters of "${component.id}" cannot become JSON Schema (${unrepresentable})`);
  }
  return problems;
}
