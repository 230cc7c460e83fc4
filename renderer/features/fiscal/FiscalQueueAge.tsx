import { useEffect, useState } from 'react';
import { ageText, fiscalText } from './text.js';

/** " · старейший ждёт 3 ч 05 мин" beside «не передано оператору: N»; ticks every minute. */
export function FiscalQueueAge({ oldestAt }: { readonly oldestAt: string | null | undefined }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!oldestAt) return;
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, [oldestAt]);
  if (!oldestAt) return null;
  return <span data-testid="fiscal-queue-age"> · {fiscalText.oldest(ageText(oldestAt, now))}</span>;
}
