/**
 * The «Журнал действий» speaks the admin's words: each action by its name (common/audit-actions.ts),
 * in the journal's CSV too, with the code beside it for a filter in Excel.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { auditActionName } from '../../common/audit-actions.js';
import { adminReady, makeTill, type TestTill } from '../fixtures/core.js';

describe('the audit journal', () => {
  let till: TestTill | undefined;
  afterEach(() => till?.close());

  it('names each action in the CSV, with its code beside it', async () => {
    till = makeTill();
    await adminReady(till);
    const { entries, actions } = await till.ok('maintenance.journal', { page: 0, pageSize: 50 });
    expect(actions).toEqual(expect.arrayContaining(['login', 'password.changed']));
    expect(entries.map((e) => e.action)).toContain('login');
    const { csv } = await till.ok('maintenance.journalCsv', {});
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('№;Время;Пользователь;Действие;Код действия;Подробности;Данные (JSON)');
    // The details as the screen reads them, then the JSON.
    expect(lines.some((l) => l.includes(';Вход;login;логин: admin;"{""login"":""admin""}"'))).toBe(true);
    expect(lines.some((l) => l.includes(';Пароль изменён;password.changed;'))).toBe(true);
  });

  it('shows a code it has no name for as it is (an older till’s log), prototype keys included', () => {
    expect(auditActionName('maintenance.export')).toBe('Экспорт базы данных');
    expect(auditActionName('goods.renamedLongAgo')).toBe('goods.renamedLongAgo');
    expect(auditActionName('constructor')).toBe('constructor');
  });
});
