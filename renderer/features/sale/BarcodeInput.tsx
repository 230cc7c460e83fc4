import { forwardRef, useState, type FormEvent } from 'react';
import { ru } from '../../i18n/ru.js';

type Props = { readonly onBarcode: (barcode: string) => Promise<boolean> };

/** Scanners type the digits and Enter; a cashier can do the same by hand. */
export const BarcodeInput = forwardRef<HTMLInputElement, Props>(function BarcodeInput({ onBarcode }, ref) {
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const barcode = value.trim();
    if (!barcode || busy) return;
    setBusy(true);
    await onBarcode(barcode);
    setBusy(false);
    setValue('');
  };
  return (
    <form className="field sale-barcode" onSubmit={submit}>
      <label className="field-label" htmlFor="sale-barcode">
        {ru.sale.barcode} <kbd>F4</kbd>
      </label>
      <input
        ref={ref}
        id="sale-barcode"
        className="input input-barcode"
        data-testid="sale-barcode"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        autoFocus
        maxLength={64}
        value={value}
        onChange={(e) => setValue(e.target.value)}
      />
      <span className="field-hint">{ru.sale.barcodeHint}</span>
    </form>
  );
});
