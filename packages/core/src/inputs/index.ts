export { InputFiles, pathNotAllowed } from './input-files.js';
