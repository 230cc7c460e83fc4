import { Button } from './Button.js';
import { Dialog } from './Dialog.js';
import { ru } from '../i18n/ru.js';

type Props = {
  readonly title: string;
  readonly text: string;
  readonly confirm: string;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
  readonly busy?: boolean;
  /** Deletes, disables, cancels for good: red, and the focus on «Отмена» so that Enter does no harm. */
  readonly danger?: boolean;
  readonly testId?: string;
};

export function ConfirmDialog({ title, text, confirm, onConfirm, onCancel, busy = false, danger = false, testId = 'confirm' }: Props) {
  return (
    <Dialog title={title} onClose={onCancel} testId={testId}>
      <p className="dialog-text">{text}</p>
      <div className="dialog-actions">
        <Button onClick={onCancel} shortcut="Esc" autoFocus={danger} data-testid={`${testId}-cancel`}>
          {ru.cancel}
        </Button>
        <Button variant={danger ? 'danger' : 'primary'} onClick={onConfirm} disabled={busy} autoFocus={!danger} data-testid={`${testId}-ok`}>
          {confirm}
        </Button>
      </div>
    </Dialog>
  );
}
