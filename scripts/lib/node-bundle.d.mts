import type { BuildOptions } from 'esbuild';

export declare const IMPORT_META_URL_BANNER: string;
export declare const NODE_BUNDLE: BuildOptions;
