import type { FuseV1Config } from '@electron/fuses';
export const FUSES: FuseV1Config<boolean>;
export type AfterPackContext = {
  readonly appOutDir: string;
  readonly electronPlatformName: string;
  readonly arch?: number;
  readonly packager: { readonly executableName?: string; readonly appInfo: { readonly productFilename: string } };
};
export function electronBinary(context: AfterPackContext): string;
export function checkAdminLauncher(context: AfterPackContext, host?: NodeJS.Platform): void;
export default function afterPack(context: AfterPackContext): Promise<void>;
