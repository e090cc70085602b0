import { createContext, useContext, type ReactNode } from 'react';
import { CatalogDocument, type CatalogQuery } from './api/generated.js';
import { useApi, type ApiState } from './api/use-api.js';

export type Component = CatalogQuery['plugins'][number]['components'][number];
export type Checkpoint = CatalogQuery['checkpoints'][number];

const CatalogContext = createContext<ApiState<CatalogQuery> | null>(null);

/** Plugins, checkpoints, data sets and saved pipelines: loaded once, reloaded after a change. */
export function CatalogProvider({ children }: { children: ReactNode }) {
  const state = useApi(CatalogDocument);
  return <CatalogContext.Provider value={state}>{children}</CatalogContext.Provider>;
}

export function useCatalog(): ApiState<CatalogQuery> {
  const state = useContext(CatalogContext);
  if (!state) throw new Error('useCatalog outside CatalogProvider');
  return state;
}

export function allComponents(catalog: CatalogQuery | null): Component[] {
  return catalog?.plugins.flatMap((p) => p.components) ?? [];
}

export interface CheckpointRequirement {
  families?: string[];
  capability?: string;
}

export function requirementOf(component: Component): CheckpointRequirement | null {
  const requires = component.requires as { checkpoint?: CheckpointRequirement } | null;
  return requires?.checkpoint ?? null;
}

/** Checkpoints a component can use: of a family it accepts, offering the capability it needs. */
export function checkpointsMatching(requirement: CheckpointRequirement | null, catalog: CatalogQuery | null): Checkpoint[] {
  const components = allComponents(catalog);
  return (catalog?.checkpoints ?? []).filter((checkpoint) => {
    if (requirement?.families && !requirement.families.includes(checkpoint.family)) return false;
    if (!requirement?.capability) return true;
    const family = components.find((c) => c.kind === 'model' && c.id === checkpoint.family);
    return family?.capabilities.includes(requirement.capability) ?? false;
  });
}
