import { useState, type FormEvent } from 'react';
import { LoginSecurity } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { Loaded } from '../../components/Loaded.js';
import { noticeShown } from '../../app/notices.js';
import { useRead } from '../../app/server.js';
import { call, useAppDispatch } from '../../app/store.js';
import { errorAt, refusalOf, validate, type FieldErrors } from '../settings/form.js';
import { Row, TextInput } from '../settings/parts.js';
import { securityText as t } from './text.js';

/** Admin: the lock after wrong passwords, the admin's password length and idle logout (users.security). */
export function LoginSecurityForm() {
  const read = useRead('users.security');
  return (
    <Loaded read={read} testId="security">
      {(s) => <Editor initial={s} />}
    </Loaded>
  );
}

type Draft = Record<'maxFailures' | 'lockMinutes' | 'adminPasswordMinLength' | 'idleCashier' | 'idleAdmin', string>;

const draftOf = (s: LoginSecurity): Draft => ({
  maxFailures: String(s.loginLock.maxFailures),
  lockMinutes: String(s.loginLock.lockMinutes),
  adminPasswordMinLength: String(s.adminPasswordMinLength),
  idleCashier: String(s.idleLogoutMinutes.cashier),
  idleAdmin: String(s.idleLogoutMinutes.admin),
});

/** A typed number as the contract takes it; anything else stays a string so the schema refuses it by name. */
const num = (v: string): number | string => (/^\s*-?\d+\s*$/.test(v) ? Number(v) : v);

function Editor({ initial }: { readonly initial: LoginSecurity }) {
  const dispatch = useAppDispatch();
  const [d, setD] = useState<Draft>(() => draftOf(initial));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const input = {
    loginLock: { maxFailures: num(d.maxFailures), lockMinutes: num(d.lockMinutes) },
    adminPasswordMinLength: num(d.adminPasswordMinLength),
    idleLogoutMinutes: { cashier: num(d.idleCashier), admin: num(d.idleAdmin) },
  };
  // Field keys of the form, by the contract's paths.
  const at = {
    maxFailures: 'loginLock.maxFailures',
    lockMinutes: 'loginLock.lockMinutes',
    adminPasswordMinLength: 'adminPasswordMinLength',
    idleCashier: 'idleLogoutMinutes.cashier',
    idleAdmin: 'idleLogoutMinutes.admin',
  } as const;
  const errorOf = (k: keyof Draft) => {
    const e = errorAt(errors, at[k]);
    return e && /expected number/i.test(e) ? t.notNumber : e;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const found = validate(LoginSecurity, input);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setProblem(t.notSaved);
      return;
    }
    setProblem(null);
    setBusy(true);
    const r = await dispatch(call('users.saveSecurity', input as LoginSecurity));
    setBusy(false);
    if (!r.ok) {
      const refused = refusalOf(r.error);
      setErrors(refused.errors);
      setProblem(refused.problem);
      return;
    }
    setD(draftOf(r.value));
    dispatch(noticeShown('success', t.saved));
  };

  const field = (k: keyof Draft, label: string, hint?: string) => (
    <Row id={`security-${k}`} label={label} hint={hint} error={errorOf(k)}>
      <TextInput id={`security-${k}`} value={d[k]} inputMode="numeric" maxLength={5} onChange={(v) => setD({ ...d, [k]: v })} error={errorOf(k)} />
    </Row>
  );

  return (
    <form className="card users-security" onSubmit={(e) => void submit(e)} noValidate data-testid="security-form">
      <h2>{t.title}</h2>
      <p className="muted small">{t.lead}</p>
      {field('maxFailures', t.maxFailures)}
      {field('lockMinutes', t.lockMinutes, t.lockMinutesHint)}
      {field('adminPasswordMinLength', t.adminPasswordMinLength, t.adminPasswordHint)}
      {field('idleCashier', t.idleCashier, t.idleHint)}
      {field('idleAdmin', t.idleAdmin, t.idleHint)}
      {problem && (
        <p className="field-error" role="alert" data-testid="security-problem">
          {problem}
        </p>
      )}
      <Button type="submit" variant="primary" disabled={busy} data-testid="security-save">
        {t.save}
      </Button>
    </form>
  );
}
