import { useState, type FormEvent } from 'react';
import { formatMoney, parseMoney } from '../../../common/money.js';
import { Button } from '../../components/Button.js';
import { Dialog } from '../../components/Dialog.js';
import { KeypadField } from '../../components/KeypadField.js';
import { ru } from '../../i18n/ru.js';
import { gt } from '../goods/text.js';

/** The price of an item whose price is entered at sale (bakery by weight of the day, a service): never 0. */
export function FreePriceDialog({
  name,
  suggested,
  onDone,
}: {
  readonly name: string;
  readonly suggested: number;
  readonly onDone: (price: number | null) => void;
}) {
  const [text, setText] = useState(suggested > 0 ? formatMoney(suggested) : '');
  const price = parseMoney(text);
  const error = text === '' ? null : price === null ? gt.badPrice : price === 0 ? gt.priceZero : null;

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (price === null || price === 0) return;
    onDone(price);
  };

  return (
    <Dialog title={gt.priceTitle} onClose={() => onDone(null)} testId="free-price-dialog">
      <form onSubmit={submit}>
        <p className="dialog-text">
          <strong>{name}</strong>
        </p>
        {suggested > 0 && <p className="muted small">{gt.priceSuggested(formatMoney(suggested))}</p>}
        <KeypadField label={gt.priceLabel} value={text} onChange={setText} testId="free-price-value" decimal replaceOnFirstKey autoFocus error={error} />
        <div className="dialog-actions">
          <Button onClick={() => onDone(null)} shortcut="Esc" data-testid="free-price-cancel">
            {ru.cancel}
          </Button>
          <Button type="submit" variant="primary" disabled={price === null || price === 0} shortcut="Enter" data-testid="free-price-submit">
            {gt.priceSubmit}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
