import { useState, type FormEvent } from 'react';
import { GoodsInput, type GoodsChange, type GoodsItem, type Unit, type VatRate } from '../../../preload/contract/index.js';
import { barcodeProblem } from '../../../common/barcode.js';
import { changesText } from '../../../common/audit-actions.js';
import { formatMoney, parseMoney } from '../../../common/money.js';
import { UNITS } from '../../../common/units.js';
import { Button } from '../../components/Button.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { Dialog } from '../../components/Dialog.js';
import { Loaded, ReadState } from '../../components/Loaded.js';
import { formatDateTime } from '../../app/dates.js';
import { noticeShown } from '../../app/notices.js';
import { useRead } from '../../app/server.js';
import { call, useAppDispatch } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';
import { errorAt, refusalOf, validate, type FieldErrors } from '../settings/form.js';
import { Check, Choice, Row, TextInput } from '../settings/parts.js';
import { gt } from './text.js';
import { indentName, type TreeRow } from './tree.js';

type VatKey = '2000' | '1000' | '0' | '2500' | 'none';
const VAT_NAMES: Readonly<Record<VatKey, string>> = { '2000': '20 %', '1000': '10 %', '0': '0 %', '2500': '25 %', none: ru.vatNone };
const vatOfKey = (k: VatKey): VatRate => (k === 'none' ? null : (Number(k) as VatRate));
const keyOfVat = (v: VatRate): VatKey => (v === null ? 'none' : (String(v) as VatKey));
const UNIT_NAMES = Object.fromEntries(UNITS.map((u) => [u, u])) as Record<Unit, string>;

type Draft = {
  code: string;
  name: string;
  barcodes: string[];
  unit: Unit;
  price: string;
  vat: VatKey;
  section: string;
  categoryId: string;
  weighted: boolean;
  marked: boolean;
  freePrice: boolean;
  hidden: boolean;
};

const EMPTY: Draft = {
  code: '',
  name: '',
  barcodes: [],
  unit: 'шт',
  price: '',
  vat: '2000',
  section: '0',
  categoryId: '',
  weighted: false,
  marked: false,
  freePrice: false,
  hidden: false,
};

function draftOf(item: GoodsItem): Draft {
  return {
    code: item.code,
    name: item.name,
    barcodes: item.barcodes,
    unit: item.unit,
    price: formatMoney(item.price),
    vat: keyOfVat(item.vatRate),
    section: String(item.section),
    categoryId: item.categoryId === null ? '' : String(item.categoryId),
    weighted: item.weighted,
    marked: item.marked,
    freePrice: item.freePrice,
    hidden: item.hidden,
  };
}

/** The draft as the contract's input, with the field errors the contract's own rules find. */
function inputOf(d: Draft): { value: GoodsInput; errors: FieldErrors } {
  const price = parseMoney(d.price);
  const value: GoodsInput = {
    code: d.code,
    name: d.name,
    barcodes: d.barcodes,
    unit: d.unit,
    price: price ?? 0,
    vatRate: vatOfKey(d.vat),
    section: Number(d.section),
    categoryId: d.categoryId === '' ? null : Number(d.categoryId),
    weighted: d.weighted,
    marked: d.marked,
    freePrice: d.freePrice,
    hidden: d.hidden,
  };
  const errors = validate(GoodsInput, value);
  return { value, errors: price === null ? { ...errors, price: gt.badPrice } : errors };
}

type Props = {
  /** null: a new item. */
  readonly id: number | null;
  readonly categories: readonly TreeRow[];
  readonly canEdit: boolean;
  readonly onClose: () => void;
};

/** The item card: every field of an item, its barcodes and its history; read-only for a cashier. */
export function ItemCard({ id, categories, canEdit, onClose }: Props) {
  const read = useRead('goods.get', { id: id ?? 0 }, { skip: id === null });
  if (id === null) return <CardForm item={null} categories={categories} canEdit={canEdit} onClose={onClose} />;
  // The card as read when it opened: a later read (another window's change) does not overwrite what is being typed.
  if (!read.data) {
    return (
      <Dialog title={gt.title} onClose={onClose} testId="goods-card-loading" wide>
        <ReadState read={read} testId="goods-card" />
      </Dialog>
    );
  }
  return <CardForm key={id} item={read.data} categories={categories} canEdit={canEdit} onClose={onClose} />;
}

function CardForm({ item, categories, canEdit, onClose }: { readonly item: GoodsItem | null } & Omit<Props, 'id'>) {
  const dispatch = useAppDispatch();
  const [draft, setDraft] = useState<Draft>(item ? draftOf(item) : EMPTY);
  const [newBarcode, setNewBarcode] = useState('');
  const [barcodeError, setBarcodeError] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<{ text: string; canHide: boolean } | null>(null);
  const [removing, setRemoving] = useState(false);
  const [busy, setBusy] = useState(false);
  const sections = useRead('sections.list');

  const readOnly = !canEdit;
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const sectionNames: Record<string, string> = Object.fromEntries((sections.data ?? []).map((s) => [String(s.code), `${s.code} — ${s.name}`]));
  if (!(draft.section in sectionNames)) sectionNames[draft.section] = draft.section;
  const categoryNames: Record<string, string> = { '': gt.noCategory, ...Object.fromEntries(categories.map((c) => [String(c.id), indentName(c)])) };

  const addBarcode = () => {
    const code = newBarcode.trim();
    if (code === '') return;
    const bad = barcodeProblem(code) ?? (draft.barcodes.includes(code) ? `Штрихкод ${code} уже в списке` : null);
    setBarcodeError(bad);
    if (bad) return;
    set('barcodes', [...draft.barcodes, code]);
    setNewBarcode('');
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || readOnly) return;
    const { value, errors: found } = inputOf(draft);
    setErrors(found);
    setProblem(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    const r = item
      ? await dispatch(call('goods.update', { id: item.id, item: value }, { quiet: true }))
      : await dispatch(call('goods.create', value, { quiet: true }));
    setBusy(false);
    if (!r.ok) {
      const refusal = refusalOf(r.error);
      // main names the field as `item.price` for an update: shown under «price».
      setErrors(Object.fromEntries(Object.entries(refusal.errors).map(([k, v]) => [k.replace(/^item\./, ''), v])));
      if (refusal.problem) setProblem({ text: refusal.problem, canHide: false });
      return;
    }
    dispatch(noticeShown('success', item ? gt.saved(r.value.name) : gt.created(r.value.name)));
    onClose();
  };

  const setHidden = async (hidden: boolean) => {
    if (!item) return;
    setBusy(true);
    const r = await dispatch(call('goods.setHidden', { id: item.id, hidden }, { quiet: true }));
    setBusy(false);
    if (!r.ok) return setProblem({ text: r.error.message, canHide: false });
    dispatch(noticeShown('success', hidden ? gt.hiddenDone(item.name) : gt.shownDone(item.name)));
    onClose();
  };

  const remove = async () => {
    if (!item) return;
    setRemoving(false);
    setBusy(true);
    const r = await dispatch(call('goods.delete', { id: item.id }, { quiet: true }));
    setBusy(false);
    if (!r.ok) {
      const canHide = (r.error.details as { canHide?: boolean } | undefined)?.canHide === true && !item.hidden;
      return setProblem({ text: r.error.message, canHide });
    }
    dispatch(noticeShown('success', gt.removed(item.name)));
    onClose();
  };

  const title = item === null ? gt.cardNew : readOnly ? gt.cardView(item.code) : gt.cardEdit(item.code);
  return (
    <Dialog title={title} onClose={onClose} testId="goods-card" wide>
      <form className="goods-card" onSubmit={(e) => void save(e)} noValidate>
        <fieldset className="goods-card-fields" disabled={readOnly}>
          <div className="goods-card-left">
            <div className="goods-card-grid">
              <Row id="goods-code" label={gt.code} error={errorAt(errors, 'code')}>
                <TextInput id="goods-code" value={draft.code} maxLength={20} onChange={(v) => set('code', v)} error={errorAt(errors, 'code')} />
              </Row>
              <Row id="goods-price" label={gt.price} error={errorAt(errors, 'price')}>
                <TextInput
                  id="goods-price"
                  inputMode="decimal"
                  value={draft.price}
                  maxLength={12}
                  onChange={(v) => set('price', v)}
                  error={errorAt(errors, 'price')}
                />
              </Row>
              <Row id="goods-name" label={gt.name} hint={gt.nameHint(draft.name.length)} error={errorAt(errors, 'name')} wide>
                <TextInput id="goods-name" value={draft.name} maxLength={128} onChange={(v) => set('name', v)} error={errorAt(errors, 'name')} />
              </Row>
              <Row id="goods-unit" label={gt.unit} error={errorAt(errors, 'unit')}>
                <Choice id="goods-unit" value={draft.unit} options={UNIT_NAMES} onChange={(v) => set('unit', v)} />
              </Row>
              <Row id="goods-vat" label={gt.vat} error={errorAt(errors, 'vatRate')}>
                <Choice id="goods-vat" value={draft.vat} options={VAT_NAMES} onChange={(v) => set('vat', v)} />
              </Row>
              {/* Across the card: a section's or a category's name («Непродовольственные товары», a subcategory's path) is long. */}
              <Row id="goods-section" label={gt.section} error={errorAt(errors, 'section')} wide>
                <Choice id="goods-section" value={draft.section} options={sectionNames} onChange={(v) => set('section', v)} />
              </Row>
              <Row id="goods-category" label={gt.category} error={errorAt(errors, 'categoryId')} wide>
                <Choice id="goods-category" value={draft.categoryId} options={categoryNames} onChange={(v) => set('categoryId', v)} />
              </Row>
            </div>
            <div className="goods-flags">
              <Check
                id="goods-weighted"
                label={gt.flagWeighted}
                value={draft.weighted}
                onChange={(v) => setDraft((d) => ({ ...d, weighted: v, unit: v ? 'кг' : d.unit }))}
              />
              <Check id="goods-marked" label={gt.flagMarked} value={draft.marked} onChange={(v) => set('marked', v)} />
              <Check id="goods-free-price" label={gt.flagFreePrice} value={draft.freePrice} onChange={(v) => set('freePrice', v)} />
              <Check id="goods-hidden" label={gt.flagHidden} value={draft.hidden} onChange={(v) => set('hidden', v)} />
            </div>
            {['marked', 'freePrice', 'weighted'].map((k) =>
              errorAt(errors, k) ? (
                <p key={k} className="field-error" role="alert" data-testid={`error-goods-${k}`}>
                  {errorAt(errors, k)}
                </p>
              ) : null,
            )}
          </div>
          <div className="goods-card-right">
            <div className="goods-barcodes" data-testid="goods-barcodes">
              <span className="field-label">{gt.barcodes}</span>
              {draft.barcodes.length === 0 && <p className="muted small">{gt.noBarcodes}</p>}
              <ul className="goods-barcode-list">
                {draft.barcodes.map((b, i) => (
                  <li key={b} data-testid="goods-barcode">
                    <span className="goods-barcode-code">{b}</span>
                    {!readOnly && (
                      <Button
                        variant="ghost"
                        onClick={() =>
                          set(
                            'barcodes',
                            draft.barcodes.filter((x) => x !== b),
                          )
                        }
                        data-testid="goods-barcode-remove"
                      >
                        {gt.barcodeRemove}
                      </Button>
                    )}
                    {errorAt(errors, `barcodes.${i}`) && (
                      <p className="field-error" role="alert" data-testid="error-goods-barcode">
                        {errorAt(errors, `barcodes.${i}`)}
                      </p>
                    )}
                  </li>
                ))}
              </ul>
              {!readOnly && (
                <div className="goods-barcode-add">
                  <input
                    className={`input input-barcode ${barcodeError ? 'input-bad' : ''}`}
                    aria-label={gt.barcodeNew}
                    placeholder={gt.barcodeNew}
                    inputMode="numeric"
                    maxLength={14}
                    value={newBarcode}
                    onChange={(e) => {
                      setNewBarcode(e.target.value);
                      setBarcodeError(null);
                    }}
                    onKeyDown={(e) => {
                      // Enter (a scanner's suffix too) adds the code rather than saving the card.
                      if (e.key === 'Enter') {
                        e.preventDefault();
                        addBarcode();
                      }
                    }}
                    data-testid="goods-barcode-new"
                  />
                  <Button onClick={addBarcode} data-testid="goods-barcode-add">
                    {gt.barcodeAdd}
                  </Button>
                </div>
              )}
              {barcodeError && (
                <p className="field-error" role="alert" data-testid="error-goods-barcode-new">
                  {barcodeError}
                </p>
              )}
              {!readOnly && <span className="field-hint">{gt.barcodesHint}</span>}
            </div>
            {item && <History id={item.id} categories={categories} />}
          </div>
        </fieldset>
        {problem && (
          <div className="notice notice-error goods-problem" role="alert" data-testid="goods-problem">
            <span className="notice-text">{problem.text}</span>
            {problem.canHide && (
              <Button onClick={() => void setHidden(true)} data-testid="goods-hide-instead">
                {gt.hideInstead}
              </Button>
            )}
          </div>
        )}
        <div className="dialog-actions">
          {item && canEdit && (
            <>
              <Button variant="danger" onClick={() => setRemoving(true)} disabled={busy} data-testid="goods-remove">
                {gt.remove}
              </Button>
              <Button onClick={() => void setHidden(!item.hidden)} disabled={busy} data-testid="goods-toggle-hidden">
                {item.hidden ? gt.show : gt.hide}
              </Button>
            </>
          )}
          <Button onClick={onClose} shortcut="Esc" data-testid="goods-card-close">
            {canEdit ? gt.cancel : gt.close}
          </Button>
          {canEdit && (
            <Button type="submit" variant="primary" disabled={busy} data-testid="goods-save">
              {gt.save}
            </Button>
          )}
        </div>
      </form>
      {removing && item && (
        <ConfirmDialog
          title={gt.remove}
          text={gt.removeConfirm(item.name)}
          confirm={gt.remove}
          danger
          onConfirm={() => void remove()}
          onCancel={() => setRemoving(false)}
          testId="goods-remove-confirm"
        />
      )}
    </Dialog>
  );
}

type Names = { readonly category: (id: number) => string };

/** "цена: 1.89 → 1.99; штрихкоды: … → …" (the journal's wording, with the category's name) — a new item's every field is not repeated. */
function changeText(change: GoodsChange, names: Names): string {
  if (change.action === 'goods.created' || change.action === 'goods.deleted') return '';
  return changesText(change.changes, {
    separator: '; ',
    value: (field, v) => (field === 'categoryId' && typeof v === 'number' ? names.category(v) : undefined),
  });
}

/** Who changed what and when, newest first (the audit journal). */
function History({ id, categories }: { readonly id: number; readonly categories: readonly TreeRow[] }) {
  const read = useRead('goods.history', { id });
  const names: Names = { category: (cid) => categories.find((c) => c.id === cid)?.name ?? String(cid) };
  return (
    <details className="goods-history" data-testid="goods-history" open>
      <summary>{gt.history}</summary>
      <Loaded read={read} testId="goods-history">
        {(changes) =>
          changes.length === 0 ? (
            <p className="muted">{gt.noHistory}</p>
          ) : (
            <ul className="goods-history-list">
              {changes.map((c, i) => (
                <li key={i} data-testid="goods-history-row">
                  <span className="muted small">
                    {formatDateTime(c.at)} · {c.user ?? ''} · <strong>{gt.actions[c.action] ?? c.action}</strong>
                  </span>
                  {changeText(c, names) && <span className="small">{changeText(c, names)}</span>}
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </details>
  );
}
