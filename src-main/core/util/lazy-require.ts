import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);

/**
 * A CommonJS package loaded on first use rather than at start-up. The document libraries (pdfkit with its fonts,
 * exceljs with its zip stack, echarts) take ≈0.45 s of a cold start to load and are needed only when a PDF, workbook
 * or chart is made; `npm run bench -- cold-start` measured them. Resolved from the installed packages as a static
 * import would be (in the esbuild bundles they are external packages too).
 */
export function lazyRequire<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireHere(id) as T);
}
