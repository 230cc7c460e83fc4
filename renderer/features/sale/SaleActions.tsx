import type { MethodName } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { canCall, type Verdict } from '../../app/access.js';
import { selectedLineOf } from '../../app/sale.js';
import { useAppSelector } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';
import { gt } from '../goods/text.js';

export type SaleDialog = 'pay' | 'cancel' | 'quantity' | 'line-discount' | 'check-discount' | 'park' | 'parked' | 'tiles';

type Action = {
  readonly dialog: SaleDialog;
  readonly label: string;
  readonly key: string;
  readonly method: MethodName;
  /** Needs a selected line / a non-empty check. */
  readonly needs: 'line' | 'lines' | 'nothing';
};

/** The check's operations with their keys; the screen's key handler reads the same list. */
export const SALE_ACTIONS: readonly Action[] = [
  { dialog: 'quantity', label: ru.saleActions.quantity, key: 'F6', method: 'sale.setQuantity', needs: 'line' },
  { dialog: 'line-discount', label: ru.saleActions.lineDiscount, key: 'F7', method: 'sale.lineDiscount', needs: 'line' },
  { dialog: 'check-discount', label: ru.saleActions.checkDiscount, key: 'F8', method: 'sale.checkDiscount', needs: 'lines' },
  { dialog: 'park', label: ru.saleActions.park, key: 'F9', method: 'sale.park', needs: 'lines' },
  { dialog: 'parked', label: ru.saleActions.parked(0), key: 'F3', method: 'sale.parked', needs: 'nothing' },
  // Goods without barcodes, by category (goods feature).
  { dialog: 'tiles', label: gt.tiles, key: gt.tilesKey, method: 'goods.tiles', needs: 'nothing' },
];

/** Whether an action may run now: the contract's access, then the check's state. */
export function useActionVerdict(): (action: Action) => Verdict {
  const status = useAppSelector((s) => s.session.status);
  // Two answers that a scan seldom changes, so the buttons do not render again with every line.
  const hasLines = useAppSelector((s) => (s.sale.check?.lines.length ?? 0) > 0);
  const hasLine = useAppSelector((s) => selectedLineOf(s.sale) !== null);
  return (action) => {
    const access = canCall(action.method, status);
    if (!access.allowed) return access;
    if (action.needs === 'lines' && !hasLines) return { allowed: false, reason: ru.sale.emptyShort };
    if (action.needs === 'line' && !hasLine) return { allowed: false, reason: ru.saleActions.noLine };
    return { allowed: true };
  };
}

/** The grid of the check's operations under the pay button. */
export function SaleActions({ onOpen }: { readonly onOpen: (dialog: SaleDialog) => void }) {
  const verdict = useActionVerdict();
  const parkedCount = useAppSelector((s) => s.sale.check?.parkedCount ?? 0);
  return (
    <div className="sale-actions">
      {SALE_ACTIONS.map((a) => (
        <Button key={a.dialog} verdict={verdict(a)} shortcut={a.key} onClick={() => onOpen(a.dialog)} data-testid={`sale-${a.dialog}`}>
          {a.dialog === 'parked' ? ru.saleActions.parked(parkedCount) : a.label}
        </Button>
      ))}
    </div>
  );
}
