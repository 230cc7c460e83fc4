import { useEffect, useState } from 'react';
import type { CustomerView } from '../../../preload/contract/index.js';
import { formatMoney, formatQuantity } from '../../../common/money.js';
import { dev } from './text.js';
import { QrCode } from '../payment/QrCode.js';
import { pay } from '../payment/text.js';

/**
 * The customer-facing window for a second monitor (`?view=customer`): the lines, the total and,
 * after payment, the change — live from the `customer.check` event. It only listens.
 */
export function CustomerWindow() {
  const [view, setView] = useState<CustomerView | null>(null);
  useEffect(() => window.kassa.on('customer.check', setView), []);

  const lines = view?.lines ?? [];
  return (
    <div className="customer-window" data-testid="customer-window">
      {view === null || (lines.length === 0 && view.change === null) ? (
        <p className="customer-greeting">{dev.customerGreeting}</p>
      ) : (
        <>
          <table className="customer-lines">
            <tbody>
              {lines.map((l, i) => (
                <tr key={i} data-testid="customer-line">
                  <td>{l.name}</td>
                  <td className="num">
                    {formatQuantity(l.quantity)} {l.unit}
                  </td>
                  <td className="num">{formatMoney(l.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="customer-total">
            <span>{dev.customerTotal}</span>
            <span className="num" data-testid="customer-total">
              {formatMoney(view.total)}
            </span>
          </div>
          {view.payQr && (
            <div className="customer-qr" data-testid="customer-qr-panel">
              <QrCode qr={view.payQr} size={260} testId="customer-qr" />
              <p>{pay.customerQr}</p>
              <p className="num customer-qr-amount">{formatMoney(view.payQr.amount)}</p>
            </div>
          )}
          {view.change !== null && (
            <div className="customer-change">
              <span>{dev.customerChange}</span>
              <span className="num" data-testid="customer-change">
                {formatMoney(view.change)}
              </span>
              <p>{dev.customerThanks}</p>
            </div>
          )}
        </>
      )}
    </div>
  );
}
