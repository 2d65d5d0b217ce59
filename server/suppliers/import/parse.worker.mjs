// Entry of the import parser thread. A worker's entry file is loaded before any loader hook
// of the thread runs, so this plain-JS file registers tsx and then loads the TypeScript one.
import { tsImport } from 'tsx/esm/api';

await tsImport('./parse.worker.ts', import.meta.url);
