/**
 * `@atelier/core/plugin`: `@atelier/plugin-api` under core's name, for plugins that take
 * `@atelier/core` as their peer dependency — those `atelier plugin new` writes, and third-party ones,
 * while the plugin API is not published on its own. The first-party plugins import
 * `@atelier/plugin-api` directly. Importing this entry loads no store, queue or engine.
 */
export * from '@atelier/plugin-api';
