/** The built-ins test with the same editor context a plugin author gets from `@atelier/core/testing`. */
export { applyEditor, applyPreprocessor, createTestContext, issuePaths, rampBatch, type TestContextOptions } from '../../testing/editor-context.js';
