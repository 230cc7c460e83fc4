import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Button } from '../../components/Button.js';
import { applyKey, Keypad } from '../../components/Keypad.js';
import { noticeShown } from '../../app/notices.js';
import { call, refreshStatus, useAppDispatch, useAppSelector } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';

type FieldName = 'oldPassword' | 'newPassword' | 'repeat';

const LABELS: Record<FieldName, string> = { oldPassword: ru.password.old, newPassword: ru.password.new, repeat: ru.password.repeat };
const ORDER: readonly FieldName[] = ['oldPassword', 'newPassword', 'repeat'];

/** The forced password change at first login or after a reset. */
export function PasswordScreen() {
  const dispatch = useAppDispatch();
  const user = useAppSelector((s) => s.session.status?.user);
  const [values, setValues] = useState<Record<FieldName, string>>({ oldPassword: '', newPassword: '', repeat: '' });
  const [active, setActive] = useState<FieldName>('oldPassword');
  const [busy, setBusy] = useState(false);
  const refs = useRef<Partial<Record<FieldName, HTMLInputElement | null>>>({});

  const set = (f: FieldName, v: string) => setValues((s) => ({ ...s, [f]: v }));

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    const { oldPassword, newPassword, repeat } = values;
    if (!oldPassword || !newPassword || !repeat) {
      dispatch(noticeShown('error', ru.password.empty));
      const empty = ORDER.find((f) => !values[f]);
      if (empty) refs.current[empty]?.focus();
      return;
    }
    if (newPassword !== repeat) {
      dispatch(noticeShown('error', ru.password.mismatch));
      set('repeat', '');
      refs.current.repeat?.focus();
      return;
    }
    setBusy(true);
    const r = await dispatch(call('auth.changePassword', { oldPassword, newPassword }));
    setBusy(false);
    if (r.ok) {
      dispatch(noticeShown('success', ru.password.done));
      await dispatch(refreshStatus());
    } else {
      setValues((s) => ({ ...s, newPassword: '', repeat: '' }));
      refs.current[r.error.code === 'WRONG_PASSWORD' ? 'oldPassword' : 'newPassword']?.focus();
    }
  };

  const logout = async () => {
    const r = await dispatch(call('auth.logout'));
    if (r.ok) await dispatch(refreshStatus());
  };

  // Enter in a field moves to the next one; in the last it submits.
  const onEnter = (f: FieldName, e: KeyboardEvent) => {
    if (e.key !== 'Enter') return;
    const next = ORDER[ORDER.indexOf(f) + 1];
    if (next) {
      e.preventDefault();
      refs.current[next]?.focus();
    }
  };

  return (
    <div className="center-screen" data-testid="screen-password">
      <form className="card card-wide password-card" onSubmit={(e) => void submit(e)}>
        <div className="password-fields">
          <h1>{ru.password.title}</h1>
          {user && <p className="muted">{ru.userLabel(user.name, user.role)}</p>}
          <p className="lead">{ru.password.forced}</p>
          <p className="muted small">{ru.password.rules}</p>
          {ORDER.map((f) => (
            <label key={f} className="field">
              <span className="field-label">{LABELS[f]}</span>
              <input
                ref={(el) => {
                  refs.current[f] = el;
                }}
                className={`input input-pin ${active === f ? 'input-active' : ''}`}
                data-testid={`password-${f}`}
                type="password"
                autoComplete="off"
                autoFocus={f === 'oldPassword'}
                maxLength={64}
                value={values[f]}
                onFocus={() => setActive(f)}
                onKeyDown={(e) => onEnter(f, e)}
                onChange={(e) => set(f, e.target.value)}
              />
            </label>
          ))}
        </div>
        <div className="password-side">
          <Keypad onKey={(k) => set(active, applyKey(values[active], k))} testId="password-keypad" />
          <Button type="submit" variant="primary" size="large" disabled={busy} data-testid="password-submit" shortcut="Enter">
            {ru.password.submit}
          </Button>
          <Button variant="ghost" onClick={() => void logout()} data-testid="password-logout">
            {ru.password.logout}
          </Button>
        </div>
      </form>
    </div>
  );
}
