/** Words of the status bar's warnings that are not the СКО's (those are in features/fiscal/text.ts). */

/** Bytes as the admin reads them: «850 МБ», «1,2 ГБ». */
export function sizeText(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb < 1024) return `${Math.floor(mb).toLocaleString('ru-RU')} МБ`;
  return `${(mb / 1024).toLocaleString('ru-RU', { maximumFractionDigits: 1 })} ГБ`;
}

export const statusText = {
  diskLow: (free: number) => `Мало места на диске: ${sizeText(free)}`,
  diskLowTitle: (folder: string, free: number, warn: number) =>
    `Папка данных кассы ${folder}: свободно ${sizeText(free)}, предупреждение ниже ${sizeText(warn)}. Освободите место: когда диск заполнится, касса не сможет сохранять чеки.`,
} as const;
