import { useEffect, useState } from 'react';
import { Button } from '../../components/Button.js';
import { Loaded } from '../../components/Loaded.js';
import { useRead } from '../../app/server.js';
import { formatDateTime } from '../../app/dates.js';
import { formatMoney, formatQuantity } from '../../../common/money.js';
import { ru } from '../../i18n/ru.js';

const PAGE = 20;

/** The storno journal for the admin: every line deleted from a check, newest first, a page at a time. */
export function StornoJournal() {
  const [limit, setLimit] = useState(PAGE);
  const journal = useRead('sale.stornoJournal', { limit, offset: 0 });
  const { refetch } = journal;
  // Lines are deleted in the cashier's session: read afresh each time the admin opens the screen.
  useEffect(() => refetch(), []); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <section className="card storno-journal" data-testid="storno-journal">
      <h2>{ru.storno.journal}</h2>
      <Loaded read={journal} testId="storno-journal">
        {({ items, total }) =>
          items.length === 0 ? (
            <p className="muted" data-testid="storno-journal-empty">
              {ru.storno.empty}
            </p>
          ) : (
            <div className="table-scroll">
              <table className="table table-compact">
                <thead>
                  <tr>
                    <th>{ru.storno.col.at}</th>
                    <th>{ru.storno.col.cashier}</th>
                    <th>{ru.storno.col.name}</th>
                    <th className="num">{ru.storno.col.qty}</th>
                    <th className="num">{ru.storno.col.price}</th>
                    <th>{ru.storno.col.approvedBy}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((e, i) => (
                    <tr key={`${e.at}-${i}`} data-testid="storno-entry">
                      <td className="small">{formatDateTime(e.at)}</td>
                      <td>{e.cashier}</td>
                      <td>{e.name}</td>
                      <td className="num">{formatQuantity(e.quantity)}</td>
                      <td className="num">{formatMoney(e.price)}</td>
                      <td>{e.approvedBy ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {items.length < total && (
                <Button onClick={() => setLimit((l) => l + PAGE)} data-testid="storno-journal-more">
                  {ru.storno.more}
                </Button>
              )}
            </div>
          )
        }
      </Loaded>
    </section>
  );
}
