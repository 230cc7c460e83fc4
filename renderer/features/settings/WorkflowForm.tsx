import { useState, type FormEvent } from 'react';
import {
  Currency as Currencies,
  methods,
  type AccountingMode,
  type AnnulmentRules,
  type Currency,
  type OplatiSettings,
  type TerminalKind,
  type TerminalMode,
  type WeightBarcodeTemplate,
  type WorkflowSettings,
} from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { Loaded } from '../../components/Loaded.js';
import { noticeShown } from '../../app/notices.js';
import { useRead } from '../../app/server.js';
import { call, useAppDispatch, useAppSelector } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';
import { formatPercent, parsePercentValue } from '../../../common/money.js';
import { errorAt, formatPrefixes, formatSeconds, parseInteger, parsePrefixes, parseSeconds, refusalOf, validate, type FieldErrors } from './form.js';
import { Check, Choice, Group, Row, TextInput } from './parts.js';
import { st } from './text.js';

/** What the admin is typing: numbers stay text until saved, so a wrong one can be shown as typed. */
type Draft = {
  accountingMode: AccountingMode;
  maxShiftHours: string;
  zRequiresEmptyDrawer: boolean;
  returnToCash: boolean;
  stornoNeedsAdmin: boolean;
  repeatScanAddsQuantity: boolean;
  currencies: readonly Currency[];
  annulKinds: AnnulmentRules['kinds'];
  annulScope: AnnulmentRules['scope'];
  annulSameDay: boolean;
  annulMaxMinutes: string;
  prefixes: string;
  itemDigits: string;
  valueDigits: string;
  value: WeightBarcodeTemplate['value'];
  maxLinePercent: string;
  maxCheckPercent: string;
  cardPercent: string;
  allowMarkup: boolean;
  terminalMode: TerminalMode;
  terminalTimeout: string;
  terminalDelay: string;
  terminalKind: TerminalKind;
  terminalHost: string;
  terminalPort: string;
  oplatiKind: OplatiSettings['kind'];
  oplatiUrl: string;
  oplatiRegister: string;
  oplatiPoll: string;
  oplatiTimeout: string;
};

function draftOf(s: WorkflowSettings): Draft {
  return {
    accountingMode: s.accountingMode,
    maxShiftHours: String(s.maxShiftHours),
    zRequiresEmptyDrawer: s.zRequiresEmptyDrawer,
    returnToCash: s.returnToCash,
    stornoNeedsAdmin: s.stornoNeedsAdmin,
    repeatScanAddsQuantity: s.repeatScanAddsQuantity,
    currencies: s.currencies,
    annulKinds: s.annulment.kinds,
    annulScope: s.annulment.scope,
    annulSameDay: s.annulment.sameDay,
    annulMaxMinutes: String(s.annulment.maxMinutes),
    prefixes: formatPrefixes(s.weightBarcode.prefixes),
    itemDigits: String(s.weightBarcode.itemDigits),
    valueDigits: String(s.weightBarcode.valueDigits),
    value: s.weightBarcode.value,
    maxLinePercent: formatPercent(s.discounts.maxLinePercent),
    maxCheckPercent: formatPercent(s.discounts.maxCheckPercent),
    cardPercent: formatPercent(s.discounts.cardPercent),
    allowMarkup: s.discounts.allowMarkup,
    terminalMode: s.paymentTerminal.mode,
    terminalTimeout: formatSeconds(s.paymentTerminal.timeoutMs),
    terminalDelay: formatSeconds(s.paymentTerminal.delayMs),
    terminalKind: s.paymentTerminal.kind,
    terminalHost: s.paymentTerminal.host,
    terminalPort: s.paymentTerminal.port ? String(s.paymentTerminal.port) : '',
    oplatiKind: s.oplati.kind,
    oplatiUrl: s.oplati.url,
    oplatiRegister: s.oplati.cashRegisterId,
    oplatiPoll: formatSeconds(s.oplati.pollMs),
    oplatiTimeout: String(s.oplati.timeoutSeconds),
  };
}

/**
 * The settings to send, checked by the same contract schema main checks with: text that is not
 * a number is refused here, next to its field, and the rest still gets its own messages.
 */
function settingsOf(d: Draft, saved: WorkflowSettings): { settings: WorkflowSettings; errors: FieldErrors } {
  const typed: Record<string, string> = {};
  const num = (key: string, text: string, parse: (t: string) => number | null, fallback: number, message: string): number => {
    const n = parse(text);
    if (n === null) typed[key] = message;
    return n ?? fallback;
  };
  const prefixes = parsePrefixes(d.prefixes);
  if (prefixes === null) typed['weightBarcode.prefixes'] = st.badPrefixes;
  const settings: WorkflowSettings = {
    accountingMode: d.accountingMode,
    maxShiftHours: num('maxShiftHours', d.maxShiftHours, parseInteger, saved.maxShiftHours, st.badInteger),
    zRequiresEmptyDrawer: d.zRequiresEmptyDrawer,
    returnToCash: d.returnToCash,
    stornoNeedsAdmin: d.stornoNeedsAdmin,
    repeatScanAddsQuantity: d.repeatScanAddsQuantity,
    amountLimits: saved.amountLimits, // no field yet: kept as saved
    currencies: Currencies.options.filter((c) => d.currencies.includes(c)),
    annulment: {
      kinds: d.annulKinds,
      scope: d.annulScope,
      sameDay: d.annulSameDay,
      maxMinutes: num('annulment.maxMinutes', d.annulMaxMinutes, parseInteger, saved.annulment.maxMinutes, st.badInteger),
    },
    weightBarcode: {
      prefixes: prefixes ?? saved.weightBarcode.prefixes,
      itemDigits: num('weightBarcode.itemDigits', d.itemDigits, parseInteger, saved.weightBarcode.itemDigits, st.badInteger),
      valueDigits: num('weightBarcode.valueDigits', d.valueDigits, parseInteger, saved.weightBarcode.valueDigits, st.badInteger),
      value: d.value,
    },
    discounts: {
      maxLinePercent: num('discounts.maxLinePercent', d.maxLinePercent, parsePercentValue, saved.discounts.maxLinePercent, st.badPercent),
      maxCheckPercent: num('discounts.maxCheckPercent', d.maxCheckPercent, parsePercentValue, saved.discounts.maxCheckPercent, st.badPercent),
      cardPercent: num('discounts.cardPercent', d.cardPercent, parsePercentValue, saved.discounts.cardPercent, st.badPercent),
      allowMarkup: d.allowMarkup,
    },
    paymentTerminal: {
      ...saved.paymentTerminal,
      mode: d.terminalMode,
      timeoutMs: num('paymentTerminal.timeoutMs', d.terminalTimeout, parseSeconds, saved.paymentTerminal.timeoutMs, st.badSeconds),
      delayMs: num('paymentTerminal.delayMs', d.terminalDelay, parseSeconds, saved.paymentTerminal.delayMs, st.badSeconds),
      kind: d.terminalKind,
      host: d.terminalHost.trim(),
      port: d.terminalPort.trim() === '' ? 0 : num('paymentTerminal.port', d.terminalPort, parseInteger, saved.paymentTerminal.port, st.badInteger),
    },
    oplati: {
      kind: d.oplatiKind,
      url: d.oplatiUrl.trim(),
      cashRegisterId: d.oplatiRegister.trim(),
      pollMs: num('oplati.pollMs', d.oplatiPoll, parseSeconds, saved.oplati.pollMs, st.badSeconds),
      timeoutSeconds: num('oplati.timeoutSeconds', d.oplatiTimeout, parseInteger, saved.oplati.timeoutSeconds, st.badInteger),
    },
  };
  return { settings, errors: { ...validate(methods['settings.saveWorkflow'].input, settings), ...typed } };
}

const toggled = <T,>(list: readonly T[], item: T, on: boolean): T[] => (on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item));

/** Admin: every workflow setting of the till, saved in one go (one transaction in main, audited). */
export function WorkflowForm() {
  const read = useRead('settings.workflow');
  return (
    <Loaded read={read} testId="workflow">
      {(s) => <WorkflowEditor initial={s} />}
    </Loaded>
  );
}

function WorkflowEditor({ initial }: { readonly initial: WorkflowSettings }) {
  const dispatch = useAppDispatch();
  const training = useAppSelector((s) => s.session.status?.trainingMode ?? false);
  const [saved, setSaved] = useState<WorkflowSettings>(initial);
  const [d, setD] = useState<Draft>(() => draftOf(initial));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Typing again: the refusal above the save button is stale; the field messages stay until the next save.
  const set =
    <K extends keyof Draft>(key: K) =>
    (value: Draft[K]) => {
      setD({ ...d, [key]: value });
      setProblem(null);
    };
  const err = (key: string) => errorAt(errors, key);
  const changed = JSON.stringify(draftOf(saved)) !== JSON.stringify(d);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const { settings, errors: found } = settingsOf(d, saved);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setProblem(st.notSaved);
      return;
    }
    setBusy(true);
    const r = await dispatch(call('settings.saveWorkflow', settings));
    setBusy(false);
    if (!r.ok) {
      // Named fields show the refusal under themselves (and in the notice); otherwise say it here.
      const refused = refusalOf(r.error);
      setErrors(refused.errors);
      setProblem(refused.problem);
      return;
    }
    setProblem(null);
    setSaved(r.value);
    setD(draftOf(r.value));
    dispatch(noticeShown('success', st.saved));
    // The sale screen, cash screen and discounts follow: the save marks `settings.workflow` changed, read again.
  };

  const layout = { itemDigits: parseInteger(d.itemDigits) ?? 0, valueDigits: parseInteger(d.valueDigits) ?? 0, value: d.value };

  return (
    <form className="settings-form" onSubmit={(e) => void submit(e)} data-testid="settings-workflow-form" noValidate>
      <div className="settings-columns">
        <div className="settings-column">
          <Group id="accounting" title={st.accounting}>
            <Row id="set-accounting-mode" label={st.accountingMode} hint={st.accountingHint} error={err('accountingMode')}>
              <div className="segmented segmented-stack" role="radiogroup" id="set-accounting-mode">
                {(Object.keys(st.accountingModes) as AccountingMode[]).map((m) => (
                  <button
                    key={m}
                    type="button"
                    role="radio"
                    aria-checked={d.accountingMode === m}
                    className={`segment ${d.accountingMode === m ? 'segment-on' : ''}`}
                    onClick={() => set('accountingMode')(m)}
                    data-testid={`set-accounting-${m}`}
                  >
                    {st.accountingModes[m]}
                  </button>
                ))}
              </div>
            </Row>
            <Row id="set-max-shift-hours" label={st.maxShiftHours} hint={st.maxShiftHoursHint} error={err('maxShiftHours')}>
              <TextInput
                id="set-max-shift-hours"
                inputMode="numeric"
                maxLength={3}
                value={d.maxShiftHours}
                onChange={set('maxShiftHours')}
                error={err('maxShiftHours')}
              />
            </Row>
            <Check id="set-z-empty-drawer" label={st.zRequiresEmptyDrawer} value={d.zRequiresEmptyDrawer} onChange={set('zRequiresEmptyDrawer')} />
            <Check id="set-return-to-cash" label={st.returnToCash} value={d.returnToCash} onChange={set('returnToCash')} />
            <Check id="set-storno-admin" label={st.stornoNeedsAdmin} value={d.stornoNeedsAdmin} onChange={set('stornoNeedsAdmin')} />
            <Check id="set-repeat-scan" label={st.repeatScanAddsQuantity} value={d.repeatScanAddsQuantity} onChange={set('repeatScanAddsQuantity')} />
          </Group>
          <Group id="currencies" title={st.currencies}>
            <div className="settings-checks" data-testid="set-currencies">
              {Currencies.options.map((c) => (
                <Check
                  key={c}
                  id={`set-currency-${c}`}
                  label={ru.currencies[c]}
                  value={d.currencies.includes(c)}
                  disabled={c === 'BYN'}
                  {...(c === 'BYN' ? { note: st.bynAlways } : {})}
                  onChange={(on) => set('currencies')(toggled(d.currencies, c, on))}
                />
              ))}
            </div>
            {err('currencies') && (
              <p className="field-error" data-testid="error-set-currencies">
                {err('currencies')}
              </p>
            )}
          </Group>
        </div>

        <div className="settings-column">
          <Group id="weight" title={st.weight}>
            <Row id="set-prefixes" label={st.prefixes} hint={st.prefixesHint} error={err('weightBarcode.prefixes')}>
              <TextInput id="set-prefixes" value={d.prefixes} onChange={set('prefixes')} maxLength={60} error={err('weightBarcode.prefixes')} />
            </Row>
            <div className="settings-pair">
              <Row id="set-item-digits" label={st.itemDigits} error={err('weightBarcode.itemDigits')}>
                <TextInput
                  id="set-item-digits"
                  inputMode="numeric"
                  maxLength={2}
                  value={d.itemDigits}
                  onChange={set('itemDigits')}
                  error={err('weightBarcode.itemDigits')}
                />
              </Row>
              <Row id="set-value-digits" label={st.valueDigits} error={err('weightBarcode.valueDigits')}>
                <TextInput
                  id="set-value-digits"
                  inputMode="numeric"
                  maxLength={2}
                  value={d.valueDigits}
                  onChange={set('valueDigits')}
                  error={err('weightBarcode.valueDigits')}
                />
              </Row>
            </div>
            <Row id="set-weight-value" label={st.valueKind}>
              <Choice id="set-weight-value" value={d.value} options={st.valueKinds} onChange={set('value')} />
            </Row>
            <p className={`settings-layout ${layout.itemDigits + layout.valueDigits === 10 ? '' : 'settings-layout-bad'}`} data-testid="set-weight-layout">
              {st.layout(layout)}
            </p>
            <p className="field-hint">{st.layoutLegend}</p>
          </Group>
          <Group id="discounts" title={st.discounts}>
            <div className="settings-pair">
              <Row id="set-max-line" label={st.maxLinePercent} error={err('discounts.maxLinePercent')}>
                <TextInput
                  id="set-max-line"
                  inputMode="decimal"
                  maxLength={6}
                  value={d.maxLinePercent}
                  onChange={set('maxLinePercent')}
                  error={err('discounts.maxLinePercent')}
                />
              </Row>
              <Row id="set-max-check" label={st.maxCheckPercent} error={err('discounts.maxCheckPercent')}>
                <TextInput
                  id="set-max-check"
                  inputMode="decimal"
                  maxLength={6}
                  value={d.maxCheckPercent}
                  onChange={set('maxCheckPercent')}
                  error={err('discounts.maxCheckPercent')}
                />
              </Row>
            </div>
            {/* A card's discount comes from the discount cards directory (menu «Дисконтные карты»), not from here. */}
            <Check id="set-allow-markup" label={st.allowMarkup} value={d.allowMarkup} onChange={set('allowMarkup')} />
          </Group>
        </div>

        <div className="settings-column">
          <Group id="annulment" title={st.annulment}>
            <div className="field-label">{st.annulKinds}</div>
            <div className="settings-checks">
              {(Object.keys(st.annulKindNames) as AnnulmentRules['kinds']).map((k) => (
                <Check
                  key={k}
                  id={`set-annul-${k}`}
                  label={st.annulKindNames[k]}
                  value={d.annulKinds.includes(k)}
                  onChange={(on) => set('annulKinds')(toggled(d.annulKinds, k, on))}
                />
              ))}
            </div>
            <Row id="set-annul-scope" label={st.annulScope}>
              <Choice id="set-annul-scope" value={d.annulScope} options={st.annulScopes} onChange={set('annulScope')} />
            </Row>
            <Check id="set-annul-same-day" label={st.annulSameDay} value={d.annulSameDay} onChange={set('annulSameDay')} />
            <Row id="set-annul-minutes" label={st.annulMaxMinutes} hint={st.annulMaxMinutesHint} error={err('annulment.maxMinutes')}>
              <TextInput
                id="set-annul-minutes"
                inputMode="numeric"
                maxLength={5}
                value={d.annulMaxMinutes}
                onChange={set('annulMaxMinutes')}
                error={err('annulment.maxMinutes')}
              />
            </Row>
          </Group>
          <Group id="terminal" title={st.terminal}>
            <Row id="set-terminal-kind" label={st.terminalKind}>
              <Choice id="set-terminal-kind" value={d.terminalKind} options={st.terminalKinds} onChange={set('terminalKind')} />
            </Row>
            <p className="muted small" data-testid="set-terminal-kind-hint">
              {st.terminalKindHints[d.terminalKind]}
            </p>
            {d.terminalKind === 'integrated' && (
              <div className="settings-pair">
                <Row id="set-terminal-host" label={st.terminalHost} error={err('paymentTerminal.host')}>
                  <TextInput id="set-terminal-host" maxLength={200} value={d.terminalHost} onChange={set('terminalHost')} error={err('paymentTerminal.host')} />
                </Row>
                <Row id="set-terminal-port" label={st.terminalPort} error={err('paymentTerminal.port')}>
                  <TextInput
                    id="set-terminal-port"
                    inputMode="numeric"
                    maxLength={5}
                    value={d.terminalPort}
                    onChange={set('terminalPort')}
                    error={err('paymentTerminal.port')}
                  />
                </Row>
              </div>
            )}
            <Row id="set-terminal-timeout" label={st.terminalTimeout} error={err('paymentTerminal.timeoutMs')}>
              <TextInput
                id="set-terminal-timeout"
                inputMode="decimal"
                maxLength={8}
                value={d.terminalTimeout}
                onChange={set('terminalTimeout')}
                error={err('paymentTerminal.timeoutMs')}
              />
            </Row>
            {training && (
              <div className="settings-pair">
                <Row id="set-terminal-mode" label={st.terminalMode}>
                  <Choice id="set-terminal-mode" value={d.terminalMode} options={st.terminalModes} onChange={set('terminalMode')} />
                </Row>
                <Row id="set-terminal-delay" label={st.terminalDelay} error={err('paymentTerminal.delayMs')}>
                  <TextInput
                    id="set-terminal-delay"
                    inputMode="decimal"
                    maxLength={6}
                    value={d.terminalDelay}
                    onChange={set('terminalDelay')}
                    error={err('paymentTerminal.delayMs')}
                  />
                </Row>
              </div>
            )}
          </Group>
          <Group id="oplati" title={st.oplati}>
            <Row id="set-oplati-kind" label={st.oplatiKind}>
              <Choice id="set-oplati-kind" value={d.oplatiKind} options={st.oplatiKinds} onChange={set('oplatiKind')} />
            </Row>
            <p className="muted small">{st.oplatiHint}</p>
            {d.oplatiKind === 'gateway' && (
              <>
                <Row id="set-oplati-url" label={st.oplatiUrl} error={err('oplati.url')}>
                  <TextInput id="set-oplati-url" maxLength={500} value={d.oplatiUrl} onChange={set('oplatiUrl')} error={err('oplati.url')} />
                </Row>
                <Row id="set-oplati-register" label={st.oplatiRegister} error={err('oplati.cashRegisterId')}>
                  <TextInput
                    id="set-oplati-register"
                    maxLength={100}
                    value={d.oplatiRegister}
                    onChange={set('oplatiRegister')}
                    error={err('oplati.cashRegisterId')}
                  />
                </Row>
              </>
            )}
            <div className="settings-pair">
              <Row id="set-oplati-timeout" label={st.oplatiTimeout} error={err('oplati.timeoutSeconds')}>
                <TextInput
                  id="set-oplati-timeout"
                  inputMode="numeric"
                  maxLength={4}
                  value={d.oplatiTimeout}
                  onChange={set('oplatiTimeout')}
                  error={err('oplati.timeoutSeconds')}
                />
              </Row>
              <Row id="set-oplati-poll" label={st.oplatiPoll} error={err('oplati.pollMs')}>
                <TextInput id="set-oplati-poll" inputMode="decimal" maxLength={5} value={d.oplatiPoll} onChange={set('oplatiPoll')} error={err('oplati.pollMs')} />
              </Row>
            </div>
          </Group>
        </div>
      </div>

      <div className="settings-savebar">
        {problem ? (
          <p className="field-error" role="alert" data-testid="settings-problem">
            {problem}
          </p>
        ) : (
          <span className="muted small" data-testid="settings-state">
            {changed ? st.unsaved : ''}
          </span>
        )}
        <Button
          onClick={() => {
            setD(draftOf(saved));
            setErrors({});
            setProblem(null);
          }}
          disabled={!changed || busy}
          data-testid="settings-revert"
        >
          {st.revert}
        </Button>
        <Button type="submit" variant="primary" disabled={busy} data-testid="settings-save">
          {busy ? st.saving : st.save}
        </Button>
      </div>
    </form>
  );
}
