import { useState } from 'react';
import type { CheckLine } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { Dialog } from '../../components/Dialog.js';
import { formatMoney, formatQuantity } from '../../../common/money.js';
import { useAppDispatch, useAppSelector } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';
import { removeLine } from './actions.js';

type Props = { readonly line: CheckLine; readonly onClose: () => void };

/** Deleting a line: confirmed, and with the admin's password where the setting asks for it (main checks it). */
export function StornoDialog({ line, onClose }: Props) {
  const dispatch = useAppDispatch();
  const needsAdmin = useAppSelector((s) => s.workflow.settings?.stornoNeedsAdmin === true);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (busy || (needsAdmin && password === '')) return;
    setBusy(true);
    const ok = await dispatch(removeLine(line.id, needsAdmin ? password : undefined));
    setBusy(false);
    if (ok) onClose();
  };
  return (
    <Dialog title={ru.storno.title} onClose={onClose} testId="storno">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <p className="dialog-text" data-testid="storno-text">
          {ru.storno.text(line.name, `${formatQuantity(line.quantity)} ${line.unit}`, formatMoney(line.amount))}
        </p>
        {needsAdmin && (
          <label className="field">
            <span className="field-label">{ru.storno.adminPassword}</span>
            <input
              className="input"
              type="password"
              autoFocus
              autoComplete="off"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              data-testid="storno-password"
            />
            <span className="field-hint">{ru.storno.adminHint}</span>
          </label>
        )}
        <div className="dialog-actions">
          <Button onClick={onClose} shortcut="Esc" data-testid="storno-cancel">
            {ru.cancel}
          </Button>
          <Button type="submit" variant="danger" disabled={busy || (needsAdmin && password === '')} autoFocus={!needsAdmin} data-testid="storno-ok">
            {ru.storno.ok}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
