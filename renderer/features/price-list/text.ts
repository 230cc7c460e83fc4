/** The «Прайс-лист» screen's words. */
import { formatMoney } from '../../../common/money.js';
import { formatFileSize } from '../../../common/file-size.js';
import type { ImportCounts, PreviewRow, PriceListField, PriceListOpened } from '../../../preload/contract/index.js';
import { PRICE_LIST_FIELD_NAMES } from '../../../common/display-names.js';

const letter = (i: number): string => {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};

export const pl = {
  menu: 'Прайс-лист',
  title: 'Прайс-лист: загрузка и выгрузка товаров',
  fileTitle: '1. Файл',
  source: { upload: 'С компьютера', target: 'Из хранилища' },
  chooseFile: 'Файл CSV или XLSX',
  pickFile: 'Выбрать файл…',
  fileHint: 'CSV в UTF-8 или Windows-1251, разделитель «;» или «,»; XLSX — первый лист',
  target: 'Хранилище',
  chooseTarget: '— выберите —',
  noTargets: 'Хранилищ нет: добавьте флешку, FTP или Яндекс Диск в «Хранилищах»',
  listRemote: 'Показать файлы',
  noRemoteFiles: 'В папке хранилища нет файлов CSV или XLSX',
  charset: 'Кодировка',
  charsets: { auto: 'Определить', 'utf-8': 'UTF-8', 'windows-1251': 'Windows-1251' },
  delimiter: 'Разделитель',
  delimiters: { auto: 'Определить', ';': 'Точка с запятой «;»', ',': 'Запятая «,»', tab: 'Табуляция' },
  header: 'Первая строка — названия столбцов',
  reading: 'Файл читается…',
  fileInfo: (f: PriceListOpened) =>
    `«${f.name}», ${formatFileSize(f.size)}, ${f.format === 'xlsx' ? 'XLSX' : `CSV, ${f.charset === 'windows-1251' ? 'Windows-1251' : 'UTF-8'}, разделитель «${f.delimiter === 'tab' ? 'табуляция' : f.delimiter}»`}; столбцов: ${f.columns.length}`,
  mappingTitle: '2. Столбцы и режим',
  template: 'Шаблон',
  chooseTemplate: '— загрузить шаблон —',
  templateName: 'Название шаблона',
  saveTemplate: 'Сохранить шаблон',
  templateSaved: (name: string) => `Шаблон «${name}» сохранён`,
  skipColumn: '— не загружать —',
  letter,
  size: formatFileSize,
  fields: PRICE_LIST_FIELD_NAMES satisfies Record<PriceListField, string>,
  mode: 'Режим',
  modes: {
    add: 'Только новые товары',
    'update-code': 'Обновить по коду (и добавить новые)',
    'update-barcode': 'Обновить по штрихкоду (и добавить новые)',
    replace: 'Заменить каталог',
  },
  check: 'Проверить',
  checking: 'Проверяется…',
  apply: 'Загрузить',
  previewTitle: '3. Проверка',
  counts: (c: ImportCounts) =>
    `Строк: ${c.rows}. Новых: ${c.add}, изменится: ${c.update}, без изменений: ${c.same}, пропущено: ${c.skip}, с ошибками: ${c.errors}` +
    (c.remove + c.hide + c.keep > 0 ? `. Нет в файле: удалится ${c.remove}, скроется ${c.hide}, останется ${c.keep}` : '') +
    (c.errors > 0 ? '. Исправьте ошибки — до этого ничего не записывается.' : '. Ничего ещё не записано: нажмите «Загрузить».'),
  errorsTitle: (n: number) => `Ошибки (строк: ${n})`,
  row: 'Строка',
  column: 'Столбец',
  reason: 'Что не так',
  action: 'Действие',
  actions: { add: 'добавится', update: 'изменится', same: 'без изменений', skip: 'пропуск', error: 'ошибка' } satisfies Record<PreviewRow['action'], string>,
  noVat: 'без НДС',
  money: formatMoney,
  applied: (add: number, update: number, hide: number, remove: number) =>
    `Прайс-лист загружен: добавлено ${add}, изменено ${update}${hide + remove > 0 ? `, скрыто ${hide}, удалено ${remove}` : ''}`,
  exportTitle: 'Выгрузка каталога',
  exportFormat: 'Формат',
  exportFormats: { 'csv-1251': 'CSV, Windows-1251 (Excel)', 'csv-utf8': 'CSV, UTF-8', xlsx: 'XLSX' },
  exportTo: 'Куда',
  download: 'Скачать на этот компьютер',
  export: 'Выгрузить',
  exporting: 'Выгружается…',
  exported: (rows: number, where: string) => `Выгружено товаров: ${rows} — ${where}`,
  storages: 'Хранилища…',
};
