import { useState, type FormEvent } from 'react';
import { Role } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { Field } from '../../components/Field.js';
import { noticeShown } from '../../app/notices.js';
import { call, useAppDispatch } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';

const EMPTY = { login: '', name: '', cashierId: '', role: 'cashier' as Role, password: '' };

/** A new user gets a temporary password and must change it at the first login. */
export function NewUserForm() {
  const dispatch = useAppDispatch();
  const [form, setForm] = useState(EMPTY);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof typeof EMPTY>(k: K, v: (typeof EMPTY)[K]) => setForm((f) => ({ ...f, [k]: v }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const r = await dispatch(call('users.create', form));
    setBusy(false);
    if (!r.ok) return;
    dispatch(noticeShown('success', ru.users.created(r.value.login)));
    setForm(EMPTY);
  };

  return (
    <form className="card users-form" onSubmit={(e) => void submit(e)} data-testid="users-form">
      <h2>{ru.users.createTitle}</h2>
      <Field label={ru.users.login} data-testid="users-new-login" value={form.login} onChange={(e) => set('login', e.target.value)} autoFocus />
      <Field label={ru.users.name} data-testid="users-new-name" value={form.name} onChange={(e) => set('name', e.target.value)} />
      <Field
        label={ru.users.cashierId}
        hint={ru.users.cashierIdHint}
        data-testid="users-new-cashier-id"
        value={form.cashierId}
        onChange={(e) => set('cashierId', e.target.value)}
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
              data-testid={`users-new-role-${role}`}
              onClick={() => set('role', role)}
            >
              {ru.roles[role]}
            </button>
          ))}
        </div>
      </div>
      <Field
        label={ru.users.tempPassword}
        hint={ru.users.tempPasswordHint}
        data-testid="users-new-password"
        type="password"
        inputMode="numeric"
        value={form.password}
        onChange={(e) => set('password', e.target.value)}
      />
      <Button type="submit" variant="primary" size="large" disabled={busy} data-testid="users-create">
        {ru.users.create}
      </Button>
    </form>
  );
}
