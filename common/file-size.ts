/**
 * A size in bytes as every screen, message and journal line says it: «66 КБ» below a megabyte
 * (1 КБ at least), «3,5 МБ» below a gigabyte, «1,2 ГБ» from one up (a disk's free space).
 */
export function formatFileSize(bytes: number): string {
  const kb = bytes / 1024;
  // Each unit up to what would round to the next one's 1 (not «1024 КБ», «1 024,0 МБ»).
  if (kb < 1023.5) return `${Math.max(1, Math.round(kb))} КБ`;
  const mb = kb / 1024;
  return mb < 1023.95 ? `${oneDecimal(mb)} МБ` : `${oneDecimal(mb / 1024)} ГБ`;
}

/**
 * A size over a limit, for a «too big» message: «200,5 МБ, можно до 200,0 МБ»; «больше 200,0 МБ» when
 * the two would read alike (a file a few bytes over).
 */
export function sizeOverLimit(bytes: number, limit: number): string {
  const size = formatFileSize(bytes);
  const most = formatFileSize(limit);
  return size === most ? `больше ${most}` : `${size}, можно до ${most}`;
}

/** «850,3», «1 234,5» (a no-break space between thousands, as ru-RU writes them). */
const oneDecimal = (x: number) => x.toLocaleString('ru-RU', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
