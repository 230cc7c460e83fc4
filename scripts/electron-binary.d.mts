/** Types for electron-binary.mjs (plain Node ESM, used by start.mjs and the tests). */
export declare function electronExecutableName(platform?: NodeJS.Platform | 'mas'): string;
export declare function electronBinaryPath(rootDir: string, platform?: NodeJS.Platform | 'mas'): string | null;
