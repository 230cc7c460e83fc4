/**
 * The admin manages users (issue 13): edit name and role, disable and enable, a temporary password,
 * unlock; the last active admin stays. A real core on a real SQLite file, through the router.
 */
import { describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, CASHIER, CASHIER_PASSWORD, cashierOnShift, cashierReady, loginAs, makeTill, pieceBarcodes, type TestTill } from '../fixtures/core.js';
import { sellOne } from '../fixtures/sko-till.js';

function auditOf(till: TestTill, action: string): unknown[] {
  return (till.ctx.db.prepare('SELECT details FROM audit_log WHERE action = ? ORDER BY id').pluck().all(action) as string[]).map((d) => JSON.parse(d) as unknown);
}

describe('users: the admin manages them', () => {
  it('renames a cashier and changes the role; the change is audited', async () => {
    using till = makeTill();
    await cashierReady(till);
    await loginAs(till, 'admin');
    const renamed = await till.ok('users.update', { login: CASHIER.login, name: 'Иванова Анна' });
    expect(renamed).toMatchObject({ login: CASHIER.login, name: 'Иванова Анна', role: 'cashier', mustChangePassword: false });
    // A cashier made admin chooses a password of an admin's length at the next login.
    const promoted = await till.ok('users.update', { login: CASHIER.login, role: 'admin' });
    expect(promoted).toMatchObject({ role: 'admin', mustChangePassword: true });
    expect(auditOf(till, 'user.changed')).toEqual([
      { login: CASHIER.login, name: { from: CASHIER.name, to: 'Иванова Анна' } },
      { login: CASHIER.login, role: { from: 'cashier', to: 'admin' } },
    ]);
  });

  it('refuses a cashier without a cashier id, an unknown login, a blank name — and changes nothing', async () => {
    using till = makeTill();
    await adminWithCashier(till);
    await till.ok('users.create', { login: 'boss2', name: 'Зам', cashierId: '', role: 'admin', password: '739155' });
    const before = till.fingerprint();
    const noId = await till.call('users.update', { login: 'boss2', role: 'cashier' });
    expect(noId).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: 'Укажите идентификатор кассира (из кабинета оператора)' } });
    expect(await till.call('users.update', { login: 'nobody', name: 'X' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'Пользователь «nobody» не найден' },
    });
    expect(await till.call('users.update', { login: CASHIER.login, name: '  ' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(till.fingerprint()).toBe(before);
  });

  it('a disabled cashier cannot log in and is not offered at the login; his documents keep his name; enabled again, he can', async () => {
    using till = makeTill();
    await cashierOnShift(till);
    const [barcode] = await pieceBarcodes(till, 1);
    const docId = await sellOne(till, barcode!);
    await loginAs(till, 'admin');
    const disabled = await till.ok('users.setDisabled', { login: CASHIER.login, disabled: true });
    expect(disabled.login).toBe(CASHIER.login);
    expect((await till.ok('users.list')).find((u) => u.login === CASHIER.login)).toMatchObject({ disabled: true });
    expect((await till.ok('auth.users')).map((u) => u.login)).toEqual(['admin']);
    await till.ok('auth.logout');
    const refused = await till.call('auth.login', { login: CASHIER.login, password: CASHIER_PASSWORD });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: 'Учётная запись отключена администратором' } });
    expect(auditOf(till, 'login.refused')).toContainEqual({ login: CASHIER.login, reason: 'disabled' });
    await till.ok('auth.login', { login: 'admin', password: ADMIN_PASSWORD });
    expect((await till.ok('documents.get', { id: docId })).cashier).toBe(CASHIER.cashierId);
    await till.ok('users.setDisabled', { login: CASHIER.login, disabled: false });
    await loginAs(till, 'cashier');
    expect(auditOf(till, 'user.disabled')).toEqual([{ login: CASHIER.login }]);
    expect(auditOf(till, 'user.enabled')).toEqual([{ login: CASHIER.login }]);
  });

  it('keeps the last active admin: neither disabled nor made a cashier; oneself is never disabled', async () => {
    using till = makeTill();
    await adminWithCashier(till);
    const before = till.fingerprint();
    expect(await till.call('users.setDisabled', { login: 'admin', disabled: true })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'Нельзя отключить самого себя' },
    });
    expect(await till.call('users.update', { login: 'admin', role: 'cashier', cashierId: '42' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'Нельзя сделать кассиром последнего администратора: сначала создайте или включите другого' },
    });
    expect(till.fingerprint()).toBe(before);
    // With a second admin, the first may be made a cashier; the second then is the last and stays.
    await till.ok('users.create', { login: 'boss2', name: 'Зам', cashierId: '', role: 'admin', password: '739155' });
    await till.ok('users.update', { login: 'admin', role: 'cashier', cashierId: '42' });
    await till.ok('auth.logout');
    await till.ok('auth.login', { login: 'boss2', password: '739155' });
    await till.ok('auth.changePassword', { oldPassword: '739155', newPassword: '951357' });
    expect(await till.call('users.update', { login: 'boss2', role: 'cashier', cashierId: '43' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const disableOther = await till.call('users.setDisabled', { login: 'admin', disabled: true });
    expect(disableOther.ok).toBe(true);
  });

  it('resets a password to a temporary one that must be changed at the next login, and unlocks', async () => {
    using till = makeTill();
    await adminWithCashier(till);
    expect(await till.call('users.resetPassword', { login: CASHIER.login, temporaryPassword: '12' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const reset = await till.ok('users.resetPassword', { login: CASHIER.login, temporaryPassword: '6482' });
    expect(reset.mustChangePassword).toBe(true);
    await till.ok('auth.logout');
    await till.ok('auth.login', { login: CASHIER.login, password: '6482' });
    expect(await till.call('shift.current')).toMatchObject({ ok: false, error: { code: 'PASSWORD_CHANGE_REQUIRED' } });
    await till.ok('auth.changePassword', { oldPassword: '6482', newPassword: '9517' });
    expect((await till.call('shift.current')).ok).toBe(true);
  });

  it('refuses every management call to a cashier', async () => {
    using till = makeTill();
    await cashierReady(till);
    const before = till.fingerprint({ except: ['audit_log'] });
    for (const [method, input] of [
      ['users.update', { login: 'admin', name: 'X' }],
      ['users.setDisabled', { login: 'admin', disabled: true }],
      ['users.resetPassword', { login: 'admin', temporaryPassword: '123456' }],
      ['users.unlock', { login: 'admin' }],
    ] as const) {
      expect(await till.call(method, input as never), method).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(till.fingerprint({ except: ['audit_log'] })).toBe(before);
  });
});

async function adminWithCashier(till: TestTill): Promise<void> {
  await cashierReady(till);
  await loginAs(till, 'admin');
}
