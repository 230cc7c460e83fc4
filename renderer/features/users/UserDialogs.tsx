import { useState, type FormEvent } from 'react';
import { Role, type User } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { Dialog } from '../../components/Dialog.js';
import { Field } from '../../components/Field.js';
import { noticeShown } from '../../app/notices.js';
import { call, useAppDispatch } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';

type Props = { readonly user: User; readonly onClose: () => void };

/** Name, role and cashier id of one user; main keeps the last active admin an admin. */
export function EditUserDialog({ user, onClose }: Props) {
  const dispatch = useAppDispatch();
  const [form, setForm] = useState({ name: user.name, role: user.role, cashierId: user.cashierId });
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const r = await dispatch(call('users.update', { login: user.login, ...form }));
    setBusy(false);
    if (!r.ok) return;
    dispatch(noticeShown('success', ru.users.saved(user.login)));
    onClose();
  };
  return (
    <Dialog title={ru.users.editTitle(user.login)} onClose={onClose} testId="users-edit">
      <form onSubmit={(e) => void submit(e)}>
        <Field label={ru.users.name} data-testid="users-edit-name" value={form.name} onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))} autoFocus />
        <Field
          label={ru.users.cashierId}
          hint={ru.users.cashierIdHint}
          data-testid="users-edit-cashier-id"
          value={form.cashierId}
          onChange={(e) => setForm((f) => ({ ...f, cashierId: e.target.value }))}
        />
        <div className="field">
          <span className="field-label">{ru.users.role}</span>
          <div className="segmented" role="radiogroup" aria-label={ru.users.role}>
            {Role.options.map((role) => (
              <button
                key={role}
                type="button"
                role="radio"
                aria-checked={form.role === role}
                className={`segment ${form.role === role ? 'segment-on' : ''}`}
                data-testid={`users-edit-role-${role}`}
                onClick={() => setForm((f) => ({ ...f, role }))}
              >
                {ru.roles[role]}
              </button>
            ))}
          </div>
        </div>
        <div className="dialog-actions">
          <Button onClick={onClose} shortcut="Esc" data-testid="users-edit-cancel">
            {ru.cancel}
          </Button>
          <Button type="submit" variant="primary" disabled={busy} data-testid="users-edit-save">
            {ru.users.save}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/** A temporary password: the user must change it at the next login. */
export function ResetPasswordDialog({ user, onClose }: Props) {
  const dispatch = useAppDispatch();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const r = await dispatch(call('users.resetPassword', { login: user.login, temporaryPassword: password }));
    setBusy(false);
    if (!r.ok) return;
    dispatch(noticeShown('success', ru.users.resetDone(user.login)));
    onClose();
  };
  return (
    <Dialog title={ru.users.resetTitle(user.login)} onClose={onClose} testId="users-reset">
      <form onSubmit={(e) => void submit(e)}>
        <p className="dialog-text">{ru.users.resetText}</p>
        <Field
          label={ru.users.tempPassword}
          data-testid="users-reset-password"
          type="password"
          inputMode="numeric"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoFocus
        />
        <div className="dialog-actions">
          <Button onClick={onClose} shortcut="Esc" data-testid="users-reset-cancel">
            {ru.cancel}
          </Button>
          <Button type="submit" variant="primary" disabled={busy} data-testid="users-reset-save">
            {ru.users.resetPassword}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/** Disabling asks first; enabling does not. */
export function DisableUserDialog({ user, onClose }: Props) {
  const dispatch = useAppDispatch();
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    const r = await dispatch(call('users.setDisabled', { login: user.login, disabled: true }));
    setBusy(false);
    if (r.ok) dispatch(noticeShown('success', ru.users.disabledDone(user.login)));
    onClose();
  };
  return (
    <ConfirmDialog
      title={ru.users.disableTitle(user.login)}
      text={ru.users.disableText}
      confirm={ru.users.disable}
      danger
      busy={busy}
      onConfirm={() => void confirm()}
      onCancel={onClose}
      testId="users-disable"
    />
  );
}
