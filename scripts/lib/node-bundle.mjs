// esbuild settings shared by every bundle that runs in Node: the product's (scripts/build.mjs),
// the phase benchmark's and the tests' worker bundle. web-tree-sitter reads import.meta.url; in
// a CommonJS bundle it is the bundle's own file URL.
export const IMPORT_META_URL_BANNER = "const __importMetaUrl = require('url').pathToFileURL(__filename).href;";

export const NODE_BUNDLE = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  mainFields: ['module', 'main'],
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: IMPORT_META_URL_BANNER },
};
