/**
 * Files between the browser and main in base64 pieces under the web host's 1 MB request limit: the
 * same two calls serve the Electron window.
 */
import type { MethodOutput, Result } from '../../../preload/contract/index.js';
import { invoke } from '../../app/api.js';
import { noticeShown } from '../../app/notices.js';
import type { AppDispatch } from '../../app/store.js';
import { call } from '../../app/store.js';

const PIECE = 384 * 1024;

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Sends a chosen file; its id, or null when main refused (the notice says why). */
export async function uploadFile(dispatch: AppDispatch, file: File): Promise<string | null> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let fileId: string | undefined;
  for (let at = 0; at < bytes.length || at === 0; at += PIECE) {
    const r = await dispatch(call('priceList.upload', { ...(fileId && { fileId }), name: file.name, offset: at, data: base64(bytes.subarray(at, at + PIECE)) }));
    if (!r.ok) return null;
    fileId = r.value.fileId;
    if (bytes.length === 0) break;
  }
  return fileId ?? null;
}

/** Fetches a made export and hands it to the browser as a download. */
export async function downloadFile(dispatch: AppDispatch, fileId: string, name: string): Promise<void> {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for (let at: number | null = 0; at !== null;) {
    // Straight through the transport: the pieces are not data to keep in the screens' cache.
    const r: Result<MethodOutput<'priceList.download'>> = await invoke('priceList.download', { fileId, offset: at });
    if (!r.ok) {
      dispatch(noticeShown('error', r.error.message, r.error.code));
      return;
    }
    parts.push(Uint8Array.from(atob(r.value.data), (c) => c.charCodeAt(0)));
    at = r.value.next;
  }
  const url = URL.createObjectURL(new Blob(parts));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
