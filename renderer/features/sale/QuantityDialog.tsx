import { useState, type FormEvent } from 'react';
import type { CheckLine } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { Dialog } from '../../components/Dialog.js';
import { KeypadField } from '../../components/KeypadField.js';
import { formatQuantity } from '../../../common/money.js';
import { useAppDispatch } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';
import { setQuantity } from './actions.js';
import { parseQuantity } from '../../app/codes.js';
import { isWholeUnit } from '../../../common/units.js';

/** A new quantity for the selected line: whole pieces, or kilograms to the gram. */
export function QuantityDialog({ line, onClose }: { readonly line: CheckLine; readonly onClose: () => void }) {
  const dispatch = useAppDispatch();
  const [text, setText] = useState(formatQuantity(line.quantity));
  const [busy, setBusy] = useState(false);
  // Pieces and packs are whole; kg, l, m, m² take thousandths.
  const piece = isWholeUnit(line.unit);
  const quantity = parseQuantity(text);
  const error = text === '' ? null : quantity === null || (piece && quantity % 1000 !== 0) ? (piece ? ru.quantity.badPiece : ru.quantity.badWeight) : null;

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (quantity === null || error || busy) return;
    setBusy(true);
    const ok = await dispatch(setQuantity(line.id, quantity));
    setBusy(false);
    if (ok) onClose();
  };

  return (
    <Dialog title={ru.quantity.title} onClose={onClose} testId="quantity-dialog">
      <form onSubmit={(e) => void submit(e)}>
        <p className="dialog-text">
          <strong>{line.name}</strong>
        </p>
        <KeypadField
          label={line.unit === 'шт' ? ru.quantity.pieces : line.unit === 'кг' ? ru.quantity.kilograms : `Количество, ${line.unit}`}
          value={text}
          onChange={setText}
          testId="quantity-value"
          decimal={!piece}
          replaceOnFirstKey
          autoFocus
          error={error}
        />
        <div className="dialog-actions">
          <Button onClick={onClose} shortcut="Esc" data-testid="quantity-cancel">
            {ru.cancel}
          </Button>
          <Button type="submit" variant="primary" disabled={quantity === null || error !== null || busy} shortcut="Enter" data-testid="quantity-submit">
            {ru.quantity.submit}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
