/** Saves a file main made (base64) through the browser's download: the same in Electron and the web host. */
export function saveFile(file: { fileName: string; mime: string; base64: string }): void {
  const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  a.click();
  // Long enough for a slow disk to take a large XLSX; the URL only holds memory till then.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
