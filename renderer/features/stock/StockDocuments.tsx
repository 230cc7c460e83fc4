import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { CatalogueItem, StockDocumentKind } from '../../../preload/contract/index.js';
import { formatMoney, formatQuantity, lineAmount, parseMoney, parseQuantity } from '../../../common/money.js';
import { Button } from '../../components/Button.js';
import { Loaded } from '../../components/Loaded.js';
import { formatDateTime } from '../../app/dates.js';
import { noticeShown } from '../../app/notices.js';
import { useRead } from '../../app/server.js';
import { call, useAppDispatch } from '../../app/store.js';
import { findByBarcode } from '../sale/actions.js';
import { refusalOf } from '../settings/form.js';
import { Row, TextInput } from '../settings/parts.js';

import { stk } from './text.js';

const KINDS: readonly StockDocumentKind[] = ['receipt', 'write_off', 'inventory'];

/** The stock documents, newest first, and the form of a new one. */
export function StockDocuments() {
  const [making, setMaking] = useState<StockDocumentKind | null>(null);
  const list = useRead('stock.documents', { limit: 50, offset: 0 });
  return (
    <div className="stock-documents">
      <div className="stock-actions">
        {KINDS.map((k) => (
          <Button key={k} variant={k === 'receipt' ? 'primary' : 'secondary'} onClick={() => setMaking(k)} disabled={making !== null} data-testid={`stock-new-${k}`}>
            {stk.newDoc[k]}
          </Button>
        ))}
      </div>
      {making && <DocumentForm kind={making} onDone={() => setMaking(null)} />}
      <section className="card">
        <Loaded read={list} testId="stock-documents">
          {(data) =>
            data.items.length === 0 ? (
              <p className="muted">{stk.docsEmpty}</p>
            ) : (
              <div className="table-scroll">
                <table className="table table-compact" data-testid="stock-documents-table">
                  <thead>
                    <tr>
                      <th>{stk.col.kind}</th>
                      <th>{stk.col.date}</th>
                      <th>{stk.col.detail}</th>
                      <th>{stk.col.who}</th>
                      <th className="num">{stk.col.lines}</th>
                      <th className="num">{stk.col.amount}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((d) => (
                      <tr key={d.id} data-testid="stock-document-row">
                        <td>
                          {stk.kinds[d.kind]} № {d.number}
                        </td>
                        <td>{formatDateTime(d.createdAt)}</td>
                        <td>{d.supplier ?? d.reason ?? d.note}</td>
                        <td>{d.author}</td>
                        <td className="num">{d.lines}</td>
                        <td className="num">{d.kind === 'receipt' ? formatMoney(d.amount) : ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </Loaded>
      </section>
    </div>
  );
}

type Line = { item: CatalogueItem; qty: string; price: string };

/** A receipt's sum at its purchase prices, reckoned as the till reckons a line: the lines whose quantity and price are typed. */
function receiptTotal(lines: readonly Line[]): number {
  return lines.reduce((sum, l) => {
    const quantity = parseQuantity(l.qty);
    const price = parseMoney(l.price);
    return quantity === null || price === null ? sum : sum + lineAmount(price, quantity);
  }, 0);
}

function DocumentForm({ kind, onDone }: { readonly kind: StockDocumentKind; readonly onDone: () => void }) {
  const dispatch = useAppDispatch();
  const [head, setHead] = useState('');
  const [note, setNote] = useState('');
  const [find, setFind] = useState('');
  const [lines, setLines] = useState<Line[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const found = useRead('catalogue.search', { query: find.trim(), limit: 8 }, { skip: find.trim() === '' });

  const add = (item: CatalogueItem) => {
    if (!lines.some((l) => l.item.id === item.id)) setLines([...lines, { item, qty: '', price: '' }]);
    setFind('');
  };
  /**
   * A barcode scanned (or a code typed) into the search, then Enter: its item's line, one piece more
   * with each scan (counted by scanning); a weighed item's quantity is typed. The search is emptied
   * at once for the next scan, and the scans are looked up in their order. Enter never posts the
   * document — the second scan of a receipt posted it with the first line alone.
   */
  const lookups = useRef<Promise<unknown>>(Promise.resolve());
  const lookup = async (text: string): Promise<CatalogueItem | null> => {
    // A barcode of 6–14 digits first (findByBarcode says null for anything else), then a code or the only match.
    const byBarcode = await dispatch(findByBarcode(text));
    if (byBarcode) return byBarcode;
    const r = await dispatch(call('catalogue.search', { query: text, limit: 20 }, { quiet: true }));
    const listed = r.ok ? r.value : [];
    return listed.find((i) => i.code === text) ?? (listed.length === 1 ? listed[0]! : null);
  };
  const addFound = async (text: string) => {
    const item = await lookup(text);
    if (!item) return setProblem(stk.notFound(text));
    setProblem(null);
    setLines((now) => {
      const at = now.findIndex((l) => l.item.id === item.id);
      const piece = !item.weighted;
      if (at < 0) return [...now, { item, qty: piece ? '1' : '', price: '' }];
      const qty = parseQuantity(now[at]!.qty);
      return piece && qty !== null ? now.map((l, k) => (k === at ? { ...l, qty: formatQuantity(qty + 1000) } : l)) : now;
    });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key !== 'Enter' || !(e.target instanceof HTMLInputElement)) return;
    e.preventDefault();
    const text = e.target.id === 'stock-find' ? e.target.value.trim() : '';
    if (text === '') return;
    setFind('');
    lookups.current = lookups.current.then(() => addFound(text));
  };
  const set = (i: number, patch: Partial<Line>) => setLines(lines.map((l, k) => (k === i ? { ...l, ...patch } : l)));

  const post = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const bad: Record<string, string> = {};
    const parsed = lines.map((l, i) => {
      const q = parseQuantity(l.qty);
      const p = kind === 'receipt' ? parseMoney(l.price) : 0;
      if (q === null || (kind !== 'inventory' && q === 0)) bad[`q${i}`] = stk.badQty;
      if (p === null) bad[`p${i}`] = stk.badPrice;
      return { itemId: l.item.id, quantity: q ?? 0, price: p ?? 0 };
    });
    setErrors(bad);
    if (Object.keys(bad).length > 0) return;
    setBusy(true);
    const note_ = note.trim() === '' ? {} : { note: note.trim() };
    const r =
      kind === 'receipt'
        ? await dispatch(call('stock.receipt', { supplier: head, ...note_, lines: parsed }))
        : kind === 'write_off'
          ? await dispatch(call('stock.writeOff', { reason: head, ...note_, lines: parsed.map(({ itemId, quantity }) => ({ itemId, quantity })) }))
          : await dispatch(call('stock.inventory', { ...note_, lines: parsed.map(({ itemId, quantity }) => ({ itemId, counted: quantity })) }));
    setBusy(false);
    if (!r.ok) {
      const refusal = refusalOf(r.error);
      setErrors(refusal.errors);
      setProblem(r.error.message);
      return;
    }
    dispatch(noticeShown('success', stk.posted(`${stk.kinds[r.value.kind]} № ${r.value.number}`)));
    onDone();
  };

  return (
    <form className="card stock-form" onSubmit={(e) => void post(e)} onKeyDown={onKeyDown} noValidate data-testid={`stock-form-${kind}`}>
      <h2>{stk.newDoc[kind]}</h2>
      <div className="stock-form-head">
        {kind === 'receipt' && (
          <Row id="stock-supplier" label={stk.supplier} error={errors.supplier}>
            <TextInput id="stock-supplier" value={head} onChange={setHead} maxLength={200} error={errors.supplier} />
          </Row>
        )}
        {kind === 'write_off' && (
          <Row id="stock-reason" label={stk.reason} error={errors.reason}>
            <TextInput id="stock-reason" value={head} onChange={setHead} maxLength={200} error={errors.reason} />
          </Row>
        )}
        <Row id="stock-note" label={stk.note}>
          <TextInput id="stock-note" value={note} onChange={setNote} maxLength={200} />
        </Row>
        <Row id="stock-find" label={stk.find} hint={stk.findHint}>
          <TextInput id="stock-find" value={find} onChange={setFind} maxLength={100} />
        </Row>
      </div>
      {find.trim() !== '' && found.data && (
        <ul className="stock-found" data-testid="stock-found">
          {found.data.map((item) => (
            <li key={item.id}>
              <button type="button" className="btn btn-secondary btn-normal" onClick={() => add(item)} data-testid="stock-found-item">
                {item.code} · {item.name}
              </button>
            </li>
          ))}
        </ul>
      )}
      {lines.length === 0 ? (
        <p className="muted">{stk.noLines}</p>
      ) : (
        <table className="table table-compact" data-testid="stock-lines">
          <thead>
            <tr>
              <th>{stk.col.code}</th>
              <th>{stk.col.name}</th>
              <th>{stk.col.unit}</th>
              <th>{kind === 'inventory' ? stk.col.counted : stk.col.qty}</th>
              {kind === 'receipt' && <th>{stk.col.price}</th>}
              <th />
            </tr>
          </thead>
          <tbody>
            {lines.map((l, i) => (
              <tr key={l.item.id} data-testid="stock-line">
                <td>{l.item.code}</td>
                <td>{l.item.name}</td>
                <td>{l.item.unit}</td>
                <td>
                  <TextInput id={`stock-qty-${i}`} inputMode="decimal" value={l.qty} onChange={(qty) => set(i, { qty })} error={errors[`q${i}`]} maxLength={14} />
                  {errors[`q${i}`] && <p className="field-error">{errors[`q${i}`]}</p>}
                </td>
                {kind === 'receipt' && (
                  <td>
                    <TextInput
                      id={`stock-price-${i}`}
                      inputMode="decimal"
                      value={l.price}
                      onChange={(price) => set(i, { price })}
                      error={errors[`p${i}`]}
                      maxLength={12}
                    />
                    {errors[`p${i}`] && <p className="field-error">{errors[`p${i}`]}</p>}
                  </td>
                )}
                <td>
                  <button type="button" className="btn btn-secondary btn-normal" onClick={() => setLines(lines.filter((_, k) => k !== i))}>
                    {stk.remove}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {/* The admin checks it against the supplier's invoice before posting. */}
      {kind === 'receipt' && lines.length > 0 && (
        <p className="stock-total" data-testid="stock-receipt-total">
          {stk.receiptTotal(formatMoney(receiptTotal(lines)))}
        </p>
      )}
      {problem && (
        <p className="field-error" role="alert" data-testid="stock-form-problem">
          {problem}
        </p>
      )}
      <div className="dialog-actions">
        <Button onClick={onDone} data-testid="stock-form-cancel">
          {stk.cancel}
        </Button>
        <Button type="submit" variant="primary" disabled={busy || lines.length === 0} data-testid="stock-post">
          {stk.post}
        </Button>
      </div>
    </form>
  );
}
