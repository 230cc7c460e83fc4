import { canCall } from '../../app/access.js';
import { useRead } from '../../app/server.js';
import { useAppSelector } from '../../app/store.js';

/** The menu's word on exports that failed and wait for another try («… не удалась — повторим в 14:05»). */
export function ExportNotices() {
  const status = useAppSelector((s) => s.session.status);
  const allowed = canCall('exports.notices', status).allowed;
  const notices = useRead('exports.notices', {}, { skip: !allowed });
  if (!allowed || !notices.data?.length) return null;
  return (
    <>
      {notices.data.map((n) => (
        <p key={n.jobId} className="till-warn export-notice" title={n.error} data-testid="export-notice">
          {n.text}
          <span className="export-notice-why">{n.error}</span>
        </p>
      ))}
    </>
  );
}
