/**
 * `@atelier/core/plugin`: the older name of `@atelier/plugin-api`, kept so plugins written against it
 * still load. New plugins import `@atelier/plugin-api`, which does not bring core's runtime along.
 */
export * from '@atelier/plugin-api';
