import { Button } from '../../components/Button.js';
import { Dialog } from '../../components/Dialog.js';
import { Receipt } from '../../components/Receipt.js';
import { ru } from '../../i18n/ru.js';

/** A copy of a document («КОПИЯ») on screen, over the list it was asked from. */
export function CopyDialog({ title, receipt, onClose }: { readonly title: string; readonly receipt: readonly string[]; readonly onClose: () => void }) {
  return (
    <Dialog title={title} onClose={onClose} testId="copy-dialog">
      <div className="copy-receipt">
        <Receipt lines={receipt} testId="copy-receipt" />
      </div>
      <div className="dialog-actions">
        <Button variant="primary" onClick={onClose} autoFocus data-testid="copy-close">
          {ru.close}
        </Button>
      </div>
    </Dialog>
  );
}
