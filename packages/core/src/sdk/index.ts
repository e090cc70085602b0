/**
 * `@atelier/core/plugin`: the older name of `@atelier/plugin-api`, kept so plugins written against it
 * still load. New plugins (and what `atelier plugin new` writes) import `@atelier/plugin-api`, which
 * does not bring core's runtime along. Importing this entry loads no store, queue or engine.
 */
export * from '@atelier/plugin-api';
