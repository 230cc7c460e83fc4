/** A file's size as the screens say it: «66 КБ» below a megabyte (1 КБ at least), «3,5 МБ» from one up. */
export function formatFileSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} КБ` : `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} МБ`;
}
