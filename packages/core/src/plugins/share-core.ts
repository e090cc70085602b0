import { register } from 'node:module';

/**
 * Node resolve hook: every `@atelier/plugin-api` and `@atelier/core` import in the process, wherever
 * the importing plugin lives, resolves as if from this core. A plugin folder named by path may carry its own installed
 * copy of the plugin API or core (to run its tests); loading that second copy would bring a second tfjs and failing
 * `instanceof` checks, so plugins always get the host's core, as a peer dependency promises.
 */
const hook = `
let anchor;
export async function initialize(data) { anchor = data.anchor; }
export async function resolve(specifier, context, next) {
  if (/^@atelier[/](core|plugin-api)([/]|$)/.test(specifier)) return next(specifier, { ...context, parentURL: anchor });
  return next(specifier, context);
}`;

let shared = false;

export function shareHostCore(): void {
  if (shared) return;
  shared = true;
  register(`data:text/javascript,${encodeURIComponent(hook)}`, { data: { anchor: import.meta.url } });
}
