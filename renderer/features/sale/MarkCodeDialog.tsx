import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Button } from '../../components/Button.js';
import { CodeInput } from '../../components/CodeInput.js';
import { Dialog } from '../../components/Dialog.js';
import { markCodeDone, type MarkRequest } from '../../app/sale.js';
import { useAppDispatch } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';
import { addMarkedItem } from './actions.js';
import { takeSerialScans } from '../../app/serialScans.js';
import { toAscii } from '../../../common/keyboard-layout.js';
import { looksLikeMarkingCode } from '../../../common/marking.js';

/** A marked item waits for the DataMatrix code from its pack: a 2D scanner or a pasted code. */
export function MarkCodeDialog({ request }: { readonly request: MarkRequest }) {
  const dispatch = useAppDispatch();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const busy = useRef(false);
  const close = () => dispatch(markCodeDone());

  const take = async (raw: string) => {
    const value = toAscii(raw).trim();
    if (busy.current || value === '') return;
    if (!looksLikeMarkingCode(value) && value.length < 16) {
      setError(ru.marking.notMarking);
      setCode('');
      return;
    }
    busy.current = true;
    const r = await dispatch(addMarkedItem(request.itemId, value, request.quantity));
    busy.current = false;
    setCode('');
    if (r.ok) close();
    else setError(r.error.message);
  };
  const takeRef = useRef(take);
  takeRef.current = take;

  // A serial 2D scanner keeps the GS separators: its code comes as an event.
  useEffect(() => takeSerialScans((scanned) => void takeRef.current(scanned)), []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void take(code);
  };

  return (
    <Dialog title={ru.marking.title} onClose={close} testId="mark-dialog">
      <form onSubmit={submit}>
        <p className="dialog-text">{ru.marking.lead(request.name)}</p>
        <label className="field">
          <span className="field-label">{ru.marking.field}</span>
          <CodeInput
            className="input-barcode"
            data-testid="mark-code"
            autoFocus
            maxLength={300}
            value={code}
            onValue={(v) => {
              setError(null);
              setCode(v);
            }}
          />
          <span className="field-hint">{ru.marking.hint}</span>
          {error && <span className="field-error">{error}</span>}
        </label>
        <div className="dialog-actions">
          <Button onClick={close} shortcut="Esc" data-testid="mark-cancel">
            {ru.cancel}
          </Button>
          <Button type="submit" variant="primary" disabled={code.trim() === ''} shortcut="Enter" data-testid="mark-submit">
            {ru.marking.submit}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
