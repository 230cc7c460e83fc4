import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button.js';
import { formatMoney, parseMoney } from '../../../common/money.js';
import { useAppDispatch, useAppSelector } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';
import { addSectionLine } from './actions.js';
import { parseQuantity } from '../../app/codes.js';

/**
 * Sum mode (суммовой учёт): no catalogue, the cashier enters an amount on a section.
 * "3*2.50" puts 3 × 2.50; the section is chosen with the buttons (or F5 moves to the next one).
 */
export function SectionEntry() {
  const dispatch = useAppDispatch();
  const sections = useAppSelector((s) => s.workflow.sections);
  const [section, setSection] = useState<number | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const chosen = section ?? sections[0]?.code ?? 0;

  const star = text.indexOf('*');
  const quantity = star < 0 ? null : parseQuantity(text.slice(0, star));
  const amount = parseMoney(star < 0 ? text : text.slice(star + 1));
  const bad = text.trim() !== '' && (amount === null || amount <= 0 || (star >= 0 && quantity === null));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || amount === null || amount <= 0 || bad) return;
    setBusy(true);
    const input = { section: chosen, amount, ...(quantity === null ? {} : { quantity }) };
    const ok = await dispatch(addSectionLine(input));
    setBusy(false);
    if (ok) setText('');
  };

  return (
    <form className="section-entry" onSubmit={(e) => void submit(e)} data-testid="section-entry">
      <div className="section-buttons" role="radiogroup" aria-label={ru.sections.section}>
        {sections.map((s) => (
          <button
            key={s.code}
            type="button"
            role="radio"
            aria-checked={s.code === chosen}
            className={`segment ${s.code === chosen ? 'segment-on' : ''}`}
            onClick={() => setSection(s.code)}
            data-testid={`section-${s.code}`}
          >
            <span className="section-code">{s.code}</span> {s.name}
          </button>
        ))}
      </div>
      <label className="field">
        <span className="field-label">{ru.sections.amount}</span>
        <div className="entry-row">
          <input
            id="sale-barcode"
            className="input input-barcode"
            data-testid="section-amount"
            inputMode="decimal"
            autoComplete="off"
            autoFocus
            maxLength={20}
            value={text}
            onChange={(e) => setText(e.target.value.replace(',', '.'))}
          />
          <Button type="submit" variant="primary" disabled={busy || amount === null || bad} data-testid="section-add">
            {ru.sections.add}
          </Button>
        </div>
        <span className="field-hint">
          {bad ? <span className="field-error">{ru.sections.bad}</span> : amount !== null ? ru.sections.preview(formatMoney(amount)) : ru.sections.hint}
        </span>
      </label>
    </form>
  );
}
