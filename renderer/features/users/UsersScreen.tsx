import { Button } from '../../components/Button.js';
import { ScreenHead } from '../../components/ScreenHead.js';
import { Loaded } from '../../components/Loaded.js';
import { useRead } from '../../app/server.js';
import { call, useAppDispatch } from '../../app/store.js';
import { noticeShown } from '../../app/notices.js';
import { ru } from '../../i18n/ru.js';
import { StornoJournal } from './StornoJournal.js';
import { NewUserForm } from './NewUserForm.js';
import { LoginSecurityForm } from './LoginSecurityForm.js';
import { useEscapeToMenu } from '../../app/useEscapeToMenu.js';
import { useState } from 'react';
import type { User } from '../../../preload/contract/index.js';
import { DisableUserDialog, EditUserDialog, ResetPasswordDialog } from './UserDialogs.js';

/** Admin: the till's users and a form to add one. */
export function UsersScreen() {
  const dispatch = useAppDispatch();
  const users = useRead('users.list');
  useEscapeToMenu();
  const [dialog, setDialog] = useState<{ kind: 'edit' | 'reset' | 'disable'; user: User } | null>(null);

  const unlock = async (login: string) => {
    const r = await dispatch(call('users.unlock', { login }));
    // The command invalidates the users' tag: the list reads itself again.
    if (r.ok) dispatch(noticeShown('success', ru.users.unlocked(login)));
  };
  const enable = async (login: string) => {
    const r = await dispatch(call('users.setDisabled', { login, disabled: false }));
    if (r.ok) dispatch(noticeShown('success', ru.users.enabledDone(login)));
  };

  return (
    <div className="screen users-screen" data-testid="screen-users">
      <div className="users-main">
        <section className="card users-list">
          <ScreenHead title={ru.users.title} testId="users" />
          <Loaded read={users} testId="users">
            {(list) => (
              <div className="table-scroll">
                <table className="table" data-testid="users-table">
                  <thead>
                    <tr>
                      <th>{ru.users.login}</th>
                      <th>{ru.users.name}</th>
                      <th>{ru.users.cashierId}</th>
                      <th>{ru.users.role}</th>
                      <th>{ru.users.actions}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.length === 0 && (
                      <tr>
                        <td colSpan={5} className="muted">
                          {ru.users.empty}
                        </td>
                      </tr>
                    )}
                    {list.map((u) => (
                      <tr key={u.id} data-testid={`users-row-${u.login}`}>
                        <td>{u.login}</td>
                        <td>
                          {u.name}
                          {u.mustChangePassword && <span className="tag">{ru.users.mustChange}</span>}
                          {u.disabled && (
                            <span className="tag tag-danger" data-testid={`users-disabled-${u.login}`}>
                              {ru.users.disabled}
                            </span>
                          )}
                          {u.locked && (
                            <>
                              <span className="tag" data-testid={`users-locked-${u.login}`}>
                                {ru.users.locked}
                              </span>
                              <Button onClick={() => void unlock(u.login)} data-testid={`users-unlock-${u.login}`}>
                                {ru.users.unlock}
                              </Button>
                            </>
                          )}
                        </td>
                        <td className="small">{u.cashierId || ru.shift.none}</td>
                        <td>{ru.roles[u.role]}</td>
                        <td className="users-actions">
                          <Button onClick={() => setDialog({ kind: 'edit', user: u })} data-testid={`users-edit-${u.login}`}>
                            {ru.users.edit}
                          </Button>
                          <Button onClick={() => setDialog({ kind: 'reset', user: u })} data-testid={`users-reset-${u.login}`}>
                            {ru.users.resetPassword}
                          </Button>
                          {u.disabled ? (
                            <Button onClick={() => void enable(u.login)} data-testid={`users-enable-${u.login}`}>
                              {ru.users.enable}
                            </Button>
                          ) : (
                            <Button variant="danger" onClick={() => setDialog({ kind: 'disable', user: u })} data-testid={`users-disable-${u.login}`}>
                              {ru.users.disable}
                            </Button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Loaded>
        </section>
        <StornoJournal />
      </div>
      <div className="users-side">
        <NewUserForm />
        <LoginSecurityForm />
      </div>
      {dialog?.kind === 'edit' && <EditUserDialog user={dialog.user} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'reset' && <ResetPasswordDialog user={dialog.user} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'disable' && <DisableUserDialog user={dialog.user} onClose={() => setDialog(null)} />}
    </div>
  );
}
