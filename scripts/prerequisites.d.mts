/** Types for prerequisites.mjs (plain Node ESM, used by preflight.mjs and the tests). */
type Env = Record<string, string | undefined>;
export type Found = { path: string; via: string };
export type Where = { env?: Env; platform?: NodeJS.Platform };
export type System = { platform: NodeJS.Platform; osRelease?: string; root?: boolean };
export type Piece = 'browser' | 'socat' | 'xvfb' | 'openssl' | 'rclone' | 'pyftpdlib';
export declare const BROWSER_VARIABLE: 'KASSA_BROWSER';
export declare const SOCAT_VARIABLE: 'KASSA_SOCAT';
export declare const RCLONE_VARIABLE: 'KASSA_RCLONE';
export declare const FTP_PYTHON_VARIABLE: 'KASSA_FTP_PYTHON';
export declare const BROWSER_NAMES: readonly string[];
export declare function browserInstallPlaces(platform: NodeJS.Platform, env: Env): string[];
export declare function findOnPath(names: readonly string[], options?: Where): string | null;
export declare function findBrowser(where?: Where): Found | null;
export declare function findSocat(where?: Where): Found | null;
export declare function findRclone(where?: Where): Found | null;
export declare function findFtpPython(where?: Where): Found | null;
export declare function hasPseudoTerminals(platform?: NodeJS.Platform): boolean;
export declare function linuxPackageManager(osRelease: string): 'apt' | 'dnf' | 'pacman' | 'zypper' | null;
export declare function installCommand(piece: Piece | 'node', system: System): string | null;
export declare function missingLine(piece: Piece, system: System & { env?: Env }): string;
export declare function nodeSatisfies(version: string, range: string): boolean;
export declare function checkPrerequisites(
  rootDir: string,
  options?: { env?: Env; platform?: NodeJS.Platform; osRelease?: string; nodeVersion?: string; root?: boolean },
): { missing: string[]; found: string[] };
