import type { BuildOptions } from 'esbuild';

export declare const PRELOAD_BUILD: BuildOptions;
