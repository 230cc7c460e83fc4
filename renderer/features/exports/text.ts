/** What the «Выгрузки» screen and the menu's notice say. */
import type { ExportJobView, ShiftExportReport } from '../../../preload/contract/index.js';

export const ex = {
  menu: 'Выгрузки',
  title: 'Выгрузки',
  tabSettings: 'Настройки',
  tabJournal: 'Журнал выгрузок',
  zTitle: 'Выгрузка отчётов при закрытии смены',
  zHint: 'После Z-отчёта касса сама записывает отчёты этой смены в хранилище — в фоне, Z не ждёт. Не удалось — повторит позже и скажет об этом в меню.',
  enabled: 'Выгружать отчёты после каждой смены',
  target: 'Хранилище',
  noTargets: 'Нет хранилищ: добавьте папку, FTP или WebDAV («Хранилища»)',
  reports: 'Отчёты',
  format: 'Формат',
  save: 'Сохранить',
  saved: 'Настройки выгрузки сохранены',
  reportNames: {
    goods: 'Реализация в разрезе товаров',
    payments: 'Выручка по способам оплаты',
    cashiers: 'По кассирам',
    hours: 'По часам и дням недели',
    sections: 'По секциям и ставкам НДС',
  } satisfies Record<ShiftExportReport, string>,
  archiveTitle: 'Архив базы по расписанию',
  archiveOff: 'Не настроен',
  archiveDaily: (at: string) => `ежедневно в ${at}`,
  archiveAfterZ: 'после каждой смены',
  archiveKeep: (n: number) => `в хранилище остаются последние ${n}`,
  archiveEdit: 'Изменить в «Обслуживании»',
  journalEmpty: 'Выгрузок ещё не было',
  colWhat: 'Что',
  colWhere: 'Куда',
  colQueued: 'Поставлена',
  colState: 'Состояние',
  colAttempts: 'Попытки',
  retry: 'Повторить сейчас',
  retried: 'Выгрузка будет повторена сейчас',
  state: (j: Pick<ExportJobView, 'state' | 'attempts' | 'nextAt' | 'doneAt'>, time: (iso: string) => string) =>
    j.state === 'done'
      ? `Выгружено ${time(j.doneAt!)}`
      : j.state === 'running'
        ? 'Выполняется…'
        : j.attempts === 0
          ? 'Ждёт очереди'
          : `Не удалось — повторим в ${time(j.nextAt!)}`,
  removed: (n: number) => `удалено старых архивов: ${n}`,
  prev: '← Новее',
  next: 'Старше →',
  pageOf: (p: number, of: number) => `${p} из ${of}`,
};
