/** The built-ins test with the same editor context a plugin author gets from `@atelier/core/testing`. */
export { createTestContext, type TestContextOptions } from '../../testing/editor-context.js';
export { applyEditor, applyPreprocessor, issuePaths, rampBatch } from '@atelier/plugin-api/testing';
