import { useEffect } from 'react';
import { noticeDismissed, type Notice } from '../app/notices.js';
import { useAppDispatch, useAppSelector } from '../app/store.js';
import { ru } from '../i18n/ru.js';

const LIFETIME_MS: Record<Notice['kind'], number> = { error: 12_000, success: 4_000, info: 6_000 };

/** Errors: a strip under the status bar, in the server's words. Confirmations: a toast at the bottom. */
export function Notices() {
  const items = useAppSelector((s) => s.notices.items);
  const errors = items.filter((n) => n.kind === 'error');
  const toasts = items.filter((n) => n.kind !== 'error');
  return (
    <>
      {errors.length > 0 && (
        <div className="notices" data-testid="notices" aria-live="assertive">
          {errors.map((n) => (
            <NoticeRow key={n.id} notice={n} />
          ))}
        </div>
      )}
      {toasts.length > 0 && (
        <div className="toasts" aria-live="polite">
          {toasts.map((n) => (
            <NoticeRow key={n.id} notice={n} />
          ))}
        </div>
      )}
    </>
  );
}

function NoticeRow({ notice }: { readonly notice: Notice }) {
  const dispatch = useAppDispatch();
  useEffect(() => {
    const t = setTimeout(() => dispatch(noticeDismissed(notice.id)), LIFETIME_MS[notice.kind]);
    return () => clearTimeout(t);
  }, [dispatch, notice.id, notice.kind]);
  return (
    <div
      className={`notice notice-${notice.kind}`}
      role={notice.kind === 'error' ? 'alert' : 'status'}
      data-testid={`notice-${notice.kind}`}
      data-code={notice.code}
    >
      <span className="notice-icon" aria-hidden="true">
        {notice.kind === 'error' ? '!' : notice.kind === 'success' ? '✓' : 'i'}
      </span>
      <span className="notice-text">{notice.text}</span>
      <button type="button" className="notice-close" aria-label={ru.close} tabIndex={-1} onClick={() => dispatch(noticeDismissed(notice.id))}>
        ×
      </button>
    </div>
  );
}
