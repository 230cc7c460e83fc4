import { useState, type FormEvent } from 'react';
import type { DiscountCard } from '../../../preload/contract/index.js';
import { formatMoney, formatPercent, parseMoney, parsePercent, percentText } from '../../../common/money.js';
import { Button } from '../../components/Button.js';
import { ScreenHead } from '../../components/ScreenHead.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { Loaded } from '../../components/Loaded.js';
import { noticeShown } from '../../app/notices.js';
import { useRead } from '../../app/server.js';
import { call, useAppDispatch } from '../../app/store.js';
import { useEscapeToMenu } from '../../app/useEscapeToMenu.js';
import { errorAt, refusalOf, type FieldErrors } from '../settings/form.js';
import { Check, Choice, Row, TextInput } from '../settings/parts.js';
import { dc } from './text.js';

type Draft = { number: string; kind: 'number' | 'prefix'; name: string; by: 'percent' | 'sum'; value: string; hidden: boolean };
const EMPTY: Draft = { number: '', kind: 'prefix', name: '', by: 'percent', value: '', hidden: false };

const draftOf = (c: DiscountCard): Draft => ({
  number: c.number,
  kind: c.kind,
  name: c.name,
  by: c.percent !== null ? 'percent' : 'sum',
  value: c.percent !== null ? formatPercent(c.percent) : formatMoney(c.amount ?? 0),
  hidden: c.hidden,
});

function inputOf(d: Draft): {
  card: { number: string; kind: 'number' | 'prefix'; name: string; percent: number | null; amount: number | null; hidden: boolean };
  errors: FieldErrors;
} {
  const v = d.by === 'percent' ? parsePercent(d.value) : parseMoney(d.value);
  const errors: FieldErrors = v === null || v <= 0 ? { percent: d.by === 'percent' ? dc.badPercent : dc.badSum } : {};
  const card = {
    number: d.number.trim(),
    kind: d.kind,
    name: d.name.trim(),
    percent: d.by === 'percent' ? v : null,
    amount: d.by === 'sum' ? v : null,
    hidden: d.hidden,
  };
  return { card, errors };
}

/** Admin: discount cards — a number or a prefix of a series → a percent or a fixed sum off the check. */
export function DiscountCardsScreen() {
  const dispatch = useAppDispatch();
  const read = useRead('discountCards.list');
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [editing, setEditing] = useState<number | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [removing, setRemoving] = useState<DiscountCard | null>(null);
  const [busy, setBusy] = useState(false);
  useEscapeToMenu({ fromFields: false });

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const { card, errors: bad } = inputOf(draft);
    setErrors(bad);
    if (Object.keys(bad).length > 0) return;
    setBusy(true);
    const r = editing === null ? await dispatch(call('discountCards.add', card)) : await dispatch(call('discountCards.update', { id: editing, card }));
    setBusy(false);
    if (!r.ok) return setErrors(refusalOf(r.error).errors);
    dispatch(noticeShown('success', editing === null ? dc.added(r.value.number) : dc.saved(r.value.number)));
    setDraft(EMPTY);
    setEditing(null);
  };

  const remove = async (c: DiscountCard) => {
    setBusy(true);
    const r = await dispatch(call('discountCards.remove', { id: c.id }));
    setBusy(false);
    setRemoving(null);
    if (r.ok) dispatch(noticeShown('success', dc.removed(c.number)));
  };

  return (
    <div className="screen settings-screen" data-testid="screen-discount-cards">
      <div className="settings-scroll">
        <ScreenHead title={dc.title} testId="discount-cards" />
        <form className="card sections-add" onSubmit={(e) => void save(e)} noValidate data-testid="discount-card-form">
          <h2>{editing === null ? dc.addTitle : dc.editTitle}</h2>
          <div className="discount-card-row">
            <Row id="card-kind" label={dc.kind}>
              <Choice id="card-kind" value={draft.kind} options={dc.kinds} onChange={(kind) => setDraft({ ...draft, kind })} />
            </Row>
            <Row id="card-number" label={draft.kind === 'prefix' ? dc.prefix : dc.number} hint={dc.numberHint} error={errorAt(errors, 'number')}>
              <TextInput
                id="card-number"
                value={draft.number}
                maxLength={32}
                onChange={(number) => setDraft({ ...draft, number })}
                error={errorAt(errors, 'number')}
              />
            </Row>
            <Row id="card-name" label={dc.name} error={errorAt(errors, 'name')}>
              <TextInput id="card-name" value={draft.name} maxLength={100} onChange={(name) => setDraft({ ...draft, name })} />
            </Row>
            <Row id="card-by" label={dc.by}>
              <Choice id="card-by" value={draft.by} options={dc.bys} onChange={(by) => setDraft({ ...draft, by })} />
            </Row>
            <Row id="card-value" label={draft.by === 'percent' ? dc.percent : dc.sum} error={errorAt(errors, 'percent') ?? errorAt(errors, 'amount')}>
              <TextInput
                id="card-value"
                inputMode="decimal"
                value={draft.value}
                maxLength={12}
                onChange={(value) => setDraft({ ...draft, value })}
                error={errorAt(errors, 'percent') ?? errorAt(errors, 'amount')}
              />
            </Row>
            {editing !== null && <Check id="card-hidden" label={dc.hidden} value={draft.hidden} onChange={(hidden) => setDraft({ ...draft, hidden })} />}
            <Button type="submit" variant="primary" disabled={busy} data-testid="card-save">
              {editing === null ? dc.add : dc.save}
            </Button>
            {editing !== null && (
              <Button onClick={() => (setEditing(null), setDraft(EMPTY), setErrors({}))} data-testid="card-edit-cancel">
                {dc.cancel}
              </Button>
            )}
          </div>
        </form>
        <section className="card sections-list">
          <h2>{dc.listTitle}</h2>
          <p className="muted small">{dc.lead}</p>
          <Loaded read={read} testId="discount-cards">
            {(cards) =>
              cards.length === 0 ? (
                <p className="muted">{dc.empty}</p>
              ) : (
                <table className="table table-compact" data-testid="discount-cards-table">
                  <thead>
                    <tr>
                      <th>{dc.number}</th>
                      <th>{dc.kind}</th>
                      <th>{dc.name}</th>
                      <th className="num">{dc.discount}</th>
                      <th>{dc.state}</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {cards.map((c) => (
                      <tr key={c.id} data-testid="discount-card-row" data-number={c.number}>
                        <td>{c.number}</td>
                        <td>{dc.kinds[c.kind]}</td>
                        <td>{c.name}</td>
                        <td className="num">{c.percent !== null ? percentText(c.percent) : formatMoney(c.amount ?? 0)}</td>
                        <td>{c.hidden ? dc.hiddenState : dc.activeState}</td>
                        <td className="row-actions">
                          <Button onClick={() => (setEditing(c.id), setDraft(draftOf(c)), setErrors({}))} data-testid="card-edit">
                            {dc.edit}
                          </Button>
                          <Button variant="danger" onClick={() => setRemoving(c)} data-testid="card-remove">
                            {dc.remove}
                          </Button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )
            }
          </Loaded>
        </section>
      </div>
      {removing && (
        <ConfirmDialog
          title={dc.removeTitle}
          text={dc.removeText(removing.number)}
          confirm={dc.remove}
          danger
          busy={busy}
          onConfirm={() => void remove(removing)}
          onCancel={() => setRemoving(null)}
          testId="card-remove-confirm"
        />
      )}
    </div>
  );
}
