import type { Editor, ModelFamily, PluginManifest, Preprocessor } from './types.js';

/** A plugin is a plain object; this only gives its author type checking, like Vite's `defineConfig`. */
export function definePlugin(manifest: PluginManifest): PluginManifest {
  return manifest;
}

export function defineEditor<P>(editor: Omit<Editor<P>, 'kind'>): Editor<P> {
  return { kind: 'editor', ...editor };
}

export function definePreprocessor<P>(preprocessor: Omit<Preprocessor<P>, 'kind'>): Preprocessor<P> {
  return { kind: 'preprocessor', ...preprocessor };
}

export function defineModelFamily<H>(family: Omit<ModelFamily<H>, 'kind'>): ModelFamily<H> {
  return { kind: 'model', ...family };
}
