import { Button } from '../../components/Button.js';
import { Loaded } from '../../components/Loaded.js';
import { useRead } from '../../app/server.js';
import { call, useAppDispatch } from '../../app/store.js';
import { navigated } from '../../app/ui.js';
import { noticeShown } from '../../app/notices.js';
import { ru } from '../../i18n/ru.js';
import { StornoJournal } from './StornoJournal.js';
import { NewUserForm } from './NewUserForm.js';
import { LoginSecurityForm } from './LoginSecurityForm.js';
import { useEscapeToMenu } from '../../app/useEscapeToMenu.js';

/** Admin: the till's users and a form to add one. */
export function UsersScreen() {
  const dispatch = useAppDispatch();
  const users = useRead('users.list');
  useEscapeToMenu();

  const unlock = async (login: string) => {
    const r = await dispatch(call('users.unlock', { login }));
    // The command invalidates the users' tag: the list reads itself again.
    if (r.ok) dispatch(noticeShown('success', ru.users.unlocked(login)));
  };

  return (
    <div className="screen users-screen" data-testid="screen-users">
      <div className="users-main">
        <section className="card users-list">
          <div className="screen-head">
            <h1>{ru.users.title}</h1>
            <Button onClick={() => dispatch(navigated('menu'))} shortcut={ru.backKey} data-testid="users-back">
              {ru.back}
            </Button>
          </div>
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
                    </tr>
                  </thead>
                  <tbody>
                    {list.length === 0 && (
                      <tr>
                        <td colSpan={4} className="muted">
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
    </div>
  );
}
