/** Words of the status bar's warnings that are not the СКО's (those are in features/fiscal/text.ts). */
import { formatFileSize } from '../../common/file-size.js';

export const statusText = {
  diskLow: (free: number) => `Мало места на диске: ${formatFileSize(free)}`,
  diskLowTitle: (folder: string, free: number, warn: number) =>
    `Папка данных кассы ${folder}: свободно ${formatFileSize(free)}, предупреждение ниже ${formatFileSize(warn)}. Освободите место: когда диск заполнится, касса не сможет сохранять чеки.`,
} as const;
