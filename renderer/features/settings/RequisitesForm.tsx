import { useCallback, useRef, useState, type FormEvent } from 'react';
import { methods, type Requisites, type RequisitesState } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { Loaded } from '../../components/Loaded.js';
import { noticeShown } from '../../app/notices.js';
import { useRead } from '../../app/server.js';
import { call, useAppDispatch } from '../../app/store.js';
import { errorAt, refusalOf, validate, type FieldErrors } from './form.js';
import { Group, Row, TextInput } from './parts.js';
import { st } from './text.js';

const FIELDS = ['organization', 'unp', 'registrationNumber', 'tradeObject', 'address'] as const;
/** The operator registers these: once the СКО filled them they are read-only here. */
const FROM_SKO: ReadonlySet<keyof Requisites> = new Set(['organization', 'unp', 'registrationNumber']);

/** After «Заполнить из ПК»: the СКО's three fields, and whatever else it changed; the rest as typed. */
function keepTyped(typed: Requisites, before: Requisites, after: Requisites): Requisites {
  const out = { ...after };
  for (const k of FIELDS) if (!FROM_SKO.has(k) && after[k] === before[k]) out[k] = typed[k];
  return out;
}

/** Admin: the requisites printed on every receipt; the УНП is checked in main by its check digit. */
export function RequisitesForm() {
  const read = useRead('settings.requisites');
  return (
    <Loaded read={read} testId="requisites">
      {(s) => <RequisitesEditor initial={s} />}
    </Loaded>
  );
}

function RequisitesEditor({ initial }: { readonly initial: RequisitesState }) {
  const dispatch = useAppDispatch();
  const [state, setState] = useState<RequisitesState>(initial);
  const [d, setD] = useState<Requisites>(initial.requisites);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const typedNow = useRef(d);
  typedNow.current = d;

  const shown = useCallback((s: RequisitesState) => {
    setState(s);
    setD(s.requisites);
    setErrors({});
    setProblem(null);
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const found = validate(methods['settings.saveRequisites'].input, d);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setProblem(st.notSaved);
      return;
    }
    setBusy(true);
    const r = await dispatch(call('settings.saveRequisites', d));
    setBusy(false);
    if (!r.ok) {
      // Named fields show the refusal under themselves (and in the notice); otherwise say it here.
      const refused = refusalOf(r.error);
      setErrors(refused.errors);
      setProblem(refused.problem);
      return;
    }
    shown(r.value);
    dispatch(noticeShown('success', st.requisitesSaved));
  };

  const fill = async () => {
    if (busy) return;
    const before = state.requisites;
    setBusy(true);
    const r = await dispatch(call('settings.fillRequisitesFromSko'));
    setBusy(false);
    if (!r.ok) return;
    const again = await dispatch(call('settings.requisites'));
    if (again.ok) {
      shown(again.value);
      // What the admin typed and has not saved yet stays, unless the СКО sent that field (the
      // text as it is now: the admin may have typed on while the СКО answered).
      setD(keepTyped(typedNow.current, before, again.value.requisites));
    }
    dispatch(noticeShown('success', st.filled));
  };

  return (
    <form className="settings-form settings-requisites" onSubmit={(e) => void submit(e)} data-testid="settings-requisites-form" noValidate>
      <Group id="requisites" title={st.requisites}>
        <p className="muted">
          {st.requisitesLead} {st.fromSkoHint}
        </p>
        {FIELDS.map((k) => {
          const locked = state.fromSko && FROM_SKO.has(k);
          const id = `req-${k}`;
          return (
            <Row key={k} id={id} label={st[k]} hint={locked ? st.fromSko : undefined} error={errorAt(errors, k)}>
              <TextInput id={id} value={d[k]} readOnly={locked} maxLength={300} onChange={(v) => setD({ ...d, [k]: v })} error={errorAt(errors, k)} />
            </Row>
          );
        })}
        <div className="settings-savebar settings-savebar-inline">
          {problem && (
            <p className="field-error" role="alert" data-testid="requisites-problem">
              {problem}
            </p>
          )}
          <Button onClick={() => void fill()} disabled={busy} title={st.fillHint} data-testid="requisites-fill">
            {busy ? st.filling : st.fill}
          </Button>
          <Button type="submit" variant="primary" disabled={busy} data-testid="requisites-save">
            {st.save}
          </Button>
        </div>
      </Group>
    </form>
  );
}
