import { useRef, useState, type FormEvent } from 'react';
import { Button } from '../../components/Button.js';
import { Loaded } from '../../components/Loaded.js';
import { applyKey, Keypad } from '../../components/Keypad.js';
import { noticeShown, noticesCleared } from '../../app/notices.js';
import { useRead } from '../../app/server.js';
import { call, refreshStatus, useAppDispatch } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';

/** Choose a user, type the password on the keypad or the keyboard. */
export function LoginScreen() {
  const dispatch = useAppDispatch();
  const read = useRead('auth.users');
  const users = read.data;
  const [picked, setLogin] = useState<string | null>(null);
  // The only user is chosen already.
  const login = picked ?? (users?.length === 1 ? (users[0]?.login ?? null) : null);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);

  const choose = (l: string) => {
    setLogin(l);
    setPassword('');
    passwordRef.current?.focus();
  };

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!login) return void dispatch(noticeShown('error', ru.login.noUser));
    if (!password) return void dispatch(noticeShown('error', ru.login.noPassword));
    setBusy(true);
    const r = await dispatch(call('auth.login', { login, password }));
    setBusy(false);
    setPassword('');
    if (r.ok) {
      dispatch(noticesCleared());
      await dispatch(refreshStatus());
    } else passwordRef.current?.focus();
  };

  const chosen = users?.find((u) => u.login === login);
  return (
    <div className="login-screen" data-testid="screen-login">
      <section className="card login-users">
        <h1>{ru.login.title}</h1>
        <p className="muted">{ru.login.chooseUser}</p>
        <Loaded read={read} testId="login-users">
          {(list) => (
            <div className="user-list" role="listbox" aria-label={ru.login.chooseUser}>
              {list.length === 0 && <p className="muted">{ru.login.noUsers}</p>}
              {list.map((u) => (
                <button
                  key={u.login}
                  type="button"
                  role="option"
                  aria-selected={u.login === login}
                  className={`user-tile ${u.login === login ? 'user-tile-selected' : ''}`}
                  data-testid={`login-user-${u.login}`}
                  data-user-name={u.name}
                  onClick={() => choose(u.login)}
                >
                  <span className="user-tile-name">{u.name}</span>
                  <span className="user-tile-role">{u.name === ru.roles[u.role] ? u.login : `${ru.roles[u.role]} · ${u.login}`}</span>
                </button>
              ))}
            </div>
          )}
        </Loaded>
      </section>
      <form className="card login-password" onSubmit={(e) => void submit(e)}>
        <p className="login-who" data-testid="login-who">
          {chosen ? chosen.name : ru.login.noUser}
        </p>
        <label className="field">
          <span className="field-label">{chosen ? ru.login.passwordFor : ru.login.password}</span>
          <input
            ref={passwordRef}
            className="input input-pin"
            data-testid="login-password"
            type="password"
            autoFocus
            autoComplete="off"
            maxLength={64}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            onKeyDown={(e) => {
              // Up and down choose the user without leaving the password field.
              if ((e.key !== 'ArrowUp' && e.key !== 'ArrowDown') || !users?.length) return;
              e.preventDefault();
              const i = users.findIndex((u) => u.login === login);
              const next = users[(i + (e.key === 'ArrowDown' ? 1 : users.length - 1)) % users.length];
              if (next) choose(next.login);
            }}
          />
        </label>
        <Keypad onKey={(k) => setPassword((p) => applyKey(p, k))} testId="login-keypad" />
        <Button type="submit" variant="primary" size="large" disabled={busy || !login} data-testid="login-submit" shortcut="Enter">
          {ru.login.submit}
        </Button>
      </form>
    </div>
  );
}
