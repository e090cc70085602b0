export { InputFiles, pathNotAllowed, type InputKind } from './input-files.js';
