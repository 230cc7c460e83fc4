import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button.js';
import { applyKey, Keypad } from '../../components/Keypad.js';
import { noticeShown } from '../../app/notices.js';
import { setupMessageShown } from '../../app/session.js';
import { call, refreshStatus, useAppDispatch } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';

/** First start: the СКО PIN from the contract unlocks the till. */
export function SetupScreen() {
  const dispatch = useAppDispatch();
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!/^\d{4,8}$/.test(pin)) {
      dispatch(noticeShown('error', ru.setup.badPin));
      return;
    }
    setBusy(true);
    const r = await dispatch(call('setup.enterPin', { pin }));
    setBusy(false);
    if (r.ok) {
      dispatch(setupMessageShown(r.value.message));
      await dispatch(refreshStatus());
    } else setPin('');
  };

  return (
    <div className="center-screen" data-testid="screen-setup">
      <form className="card card-narrow" onSubmit={(e) => void submit(e)}>
        <h1>{ru.setup.title}</h1>
        <p className="lead">{ru.setup.lead}</p>
        <label className="field">
          <span className="field-label">{ru.setup.pin}</span>
          <input
            className="input input-pin"
            data-testid="setup-pin"
            type="password"
            inputMode="numeric"
            autoFocus
            autoComplete="off"
            maxLength={8}
            value={pin}
            onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 8))}
          />
          <span className="field-hint">{ru.setup.pinHint}</span>
        </label>
        <Keypad onKey={(k) => setPin((p) => applyKey(p, k, 8))} testId="setup-keypad" />
        <Button type="submit" variant="primary" size="large" disabled={busy} data-testid="setup-submit" shortcut="Enter">
          {ru.setup.submit}
        </Button>
      </form>
    </div>
  );
}

/** The СКО's answer to the PIN (in training mode it says so), shown once. */
export function SetupDoneScreen({ message, onContinue }: { readonly message: string; readonly onContinue: () => void }) {
  return (
    <div className="center-screen" data-testid="screen-setup-done">
      <div className="card card-narrow">
        <h1>{ru.setup.doneTitle}</h1>
        <p className="lead" data-testid="setup-message">
          {message}
        </p>
        <Button variant="primary" size="large" autoFocus onClick={onContinue} data-testid="setup-continue" shortcut="Enter">
          {ru.setup.continue}
        </Button>
      </div>
    </div>
  );
}
