import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { CatalogueItem, CheckLine } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { ReadState } from '../../components/Loaded.js';
import { canCall } from '../../app/access.js';
import { newCheckStarted, selectedLineOf, selectionMoved } from '../../app/sale.js';
import { noticeShown } from '../../app/notices.js';
import { useRead } from '../../app/server.js';
import { useAppDispatch, useAppSelector, useAppStore, type RootState } from '../../app/store.js';
import { navigated } from '../../app/ui.js';
import { ru } from '../../i18n/ru.js';
import { WeightIndicator } from '../devices/WeightIndicator.js';
import { PaidView } from '../payment/PaidView.js';
import { PaymentDialog } from '../payment/PaymentDialog.js';
import { addByTypedCode, addCatalogueItem, addScanned, answerQuestionsWith, askPriceWith, cancelCheck } from './actions.js';
import { FreePriceDialog } from './FreePriceDialog.js';
import { TilesDialog } from '../goods/TilesDialog.js';
import { StornoDialog } from './StornoDialog.js';
import { DiscountDialog } from './DiscountDialog.js';
import { EntryField, type EntryFieldHandle } from './EntryField.js';
import { LinesTable } from './LinesTable.js';
import { MarkCodeDialog } from './MarkCodeDialog.js';
import { ParkDialog, ParkedDialog } from './ParkDialogs.js';
import { QuantityDialog } from './QuantityDialog.js';
import { SALE_ACTIONS, SaleActions, useActionVerdict, type SaleDialog } from './SaleActions.js';
import { SaleTotal } from './SaleTotal.js';
import { SearchBox } from './SearchBox.js';
import { SectionEntry } from './SectionEntry.js';
import { useScans } from './useWedgeScanner.js';
import { fieldHasFocus, useWindowKeys } from '../../app/useWindowKeys.js';

/**
 * The sale: scan anywhere (no field needs the focus), type a PLU code or "3*", search by name;
 * the lines with a selection (↑↓, Delete, F6 quantity, F7/F8 discounts); park; pay (F10).
 * In sum mode the entry is an amount on a section. Each part is its own component.
 */
export function SaleScreen() {
  const dispatch = useAppDispatch();
  const status = useAppSelector((s) => s.session.status);
  // Only what changes the screen itself: a scan changes the lines and the total, which LinesTable and
  // SaleTotal follow, so the screen and its buttons do not render again with every line.
  const hasCheck = useAppSelector((s) => s.sale.check !== null);
  const hasLines = useAppSelector((s) => (s.sale.check?.lines.length ?? 0) > 0);
  const paid = useAppSelector((s) => s.sale.paid);
  const pending = useAppSelector((s) => s.sale.pendingQuantity);
  const markRequest = useAppSelector((s) => s.sale.markRequest);
  const store = useAppStore();
  const sumMode = useAppSelector((s) => s.workflow.settings?.accountingMode === 'sum');
  const [dialog, setDialog] = useState<SaleDialog | null>(null);
  // The line the cashier asked to delete: confirmed first (StornoDialog).
  const [removing, setRemoving] = useState<CheckLine | null>(null);
  const entry = useRef<EntryFieldHandle>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const verdict = useActionVerdict();
  // The price of an item whose price is entered at sale, waiting for the cashier.
  const [priceAsk, setPriceAsk] = useState<{ name: string; suggested: number; answer: (price: number | null) => void } | null>(null);
  useEffect(
    () =>
      askPriceWith(
        (item) =>
          new Promise<number | null>((resolve) =>
            setPriceAsk({
              name: item.name,
              suggested: item.price,
              answer: (price) => {
                setPriceAsk(null);
                resolve(price);
                entry.current?.focus();
              },
            }),
          ),
      ),
    [],
  );
  // Main's question about an unusual quantity, waiting for the cashier's answer.
  const [question, setQuestion] = useState<{ text: string; answer: (yes: boolean) => void } | null>(null);
  useEffect(
    () =>
      answerQuestionsWith(
        (text) =>
          new Promise<boolean>((resolve) =>
            setQuestion({
              text,
              answer: (yes) => {
                setQuestion(null);
                resolve(yes);
              },
            }),
          ),
      ),
    [],
  );

  // The open check lives in main: read on entering and after each payment, then followed through
  // every change main announces (`sale.changed`, from this window or another); see app/sale.ts.
  const current = useRead('sale.current');

  // Keys typed by hand on the paid screen (the next customer's code): the new check's entry line takes them.
  const typedWhilePaid = useRef<{ text: string; enter: boolean }[]>([]);

  // The entry line has the keyboard when the screen opens.
  useEffect(() => {
    if (paid) return;
    entry.current?.focus();
    for (const { text, enter } of typedWhilePaid.current.splice(0)) entry.current?.typeIn(text, enter);
  }, [paid]);

  const payVerdict = !hasLines ? { allowed: false as const, reason: ru.sale.emptyShort } : canCall('sale.pay', status);
  const dialogsClosed = dialog === null && removing === null && markRequest === null && question === null && priceAsk === null;
  const keyboardFree = dialogsClosed && !paid;

  // The next customer: main's check read again, which also clears the change on the customer's display.
  const refetchCheck = current.refetch;
  const newCheck = useCallback(() => {
    dispatch(newCheckStarted());
    refetchCheck();
  }, [dispatch, refetchCheck]);

  // In sum mode there is no catalogue: a scan adds nothing, and the cashier is told why. On the paid
  // screen a scan is the next customer's first item: it starts the new check (it was lost there).
  const onScan = useCallback(
    (code: string) => {
      if (sumMode) return void dispatch(noticeShown('error', ru.sale.scanInSumMode));
      if (paid) newCheck();
      void dispatch(addScanned(code, pending));
    },
    [dispatch, newCheck, paid, pending, sumMode],
  );
  // Keys typed by hand go to the entry line; on the paid screen they start the new check and go to its line.
  const onTyped = (text: string, enter: boolean) => {
    if (!paid) return entry.current?.typeIn(text, enter);
    typedWhilePaid.current.push({ text, enter });
    newCheck();
  };
  useScans({ enabled: dialogsClosed, onScan, onTyped });

  const addItem = async (item: CatalogueItem) => {
    const ok = await dispatch(addCatalogueItem(item, pending));
    if (ok) entry.current?.focus();
    return ok;
  };

  const remove = useCallback((line: CheckLine) => setRemoving(line), []);

  const closeDialog = useCallback(() => {
    setDialog(null);
    entry.current?.focus();
  }, []);

  const open = (d: SaleDialog) => {
    const action = SALE_ACTIONS.find((a) => a.dialog === d);
    if (d === 'pay' ? payVerdict.allowed : !action || verdict(action).allowed) setDialog(d);
  };

  // F2 search, F4 entry line, F6–F9 and F3 the check's operations, F10 payment,
  // ↑↓ choose a line, Delete removes it, Esc back to the menu.
  useWindowKeys(
    (e) => {
      const inEntry = e.target instanceof HTMLInputElement && e.target.id === 'sale-barcode';
      const free = !fieldHasFocus() || inEntry;
      const action = SALE_ACTIONS.find((a) => a.key === e.key);
      if (e.key === 'F2') {
        e.preventDefault();
        // The old search text selected: the next name typed replaces it.
        searchRef.current?.focus();
        searchRef.current?.select();
      } else if (e.key === 'F4') {
        e.preventDefault();
        entry.current?.focus();
      } else if (e.key === 'F10') {
        e.preventDefault();
        open('pay');
      } else if (action) {
        e.preventDefault();
        open(action.dialog);
      } else if ((e.key === 'ArrowUp' || e.key === 'ArrowDown') && free) {
        e.preventDefault();
        dispatch(selectionMoved(e.key === 'ArrowUp' ? -1 : 1));
      } else if (e.key === 'Delete' && free && (!inEntry || e.target.value === '')) {
        e.preventDefault();
        const line = selectedLine(store.getState());
        if (line) setRemoving(line);
      } else if (e.key === 'Escape' && !e.defaultPrevented && free) {
        e.preventDefault();
        dispatch(navigated('menu'));
      }
    },
    { enabled: keyboardFree },
  );

  if (paid) return <PaidView paid={paid} onNewCheck={newCheck} />;

  return (
    <div className="screen sale-screen" data-testid="screen-sale">
      <section className="sale-main card">
        {sumMode ? (
          <SectionEntry />
        ) : (
          <div className="sale-inputs">
            <EntryField ref={entry} onCode={(code, quantity) => dispatch(addByTypedCode(code, quantity))} />
            <SearchBox ref={searchRef} onPick={addItem} onBarcode={(barcode) => dispatch(addScanned(barcode, pending))} onLeave={() => entry.current?.focus()} />
          </div>
        )}
        {!hasCheck && <ReadState read={current} testId="sale-check" />}
        <LinesTable onRemove={remove} onEdit={() => open('quantity')} />
        <p className="sale-scan-hint muted small" data-testid="sale-scan-hint">
          {sumMode ? ru.saleActions.sumMode : ru.sale.scanReady}
        </p>
      </section>
      <aside className="sale-side">
        <SaleTotal />
        {/* The scale's weight (devices feature): weighted goods added now take its stable weight. */}
        {!sumMode && <WeightIndicator />}
        <Button
          variant="primary"
          size="large"
          className="pay-button"
          verdict={payVerdict}
          shortcut={ru.sale.payKey}
          onClick={() => open('pay')}
          data-testid="sale-pay"
        >
          {ru.sale.pay}
        </Button>
        <SaleActions onOpen={open} />
        <div className="sale-side-bottom">
          <Button variant="danger" disabled={!hasLines} onClick={() => setDialog('cancel')} data-testid="sale-cancel">
            {ru.sale.cancelCheck}
          </Button>
          <Button onClick={() => dispatch(navigated('menu'))} shortcut={ru.backKey} data-testid="sale-back">
            {ru.back}
          </Button>
        </div>
      </aside>
      {dialog === 'pay' && <Follow select={(s) => s.sale.check?.total ?? 0}>{(total) => <PaymentDialog total={total} onClose={closeDialog} />}</Follow>}
      {removing && (
        <StornoDialog
          line={removing}
          onClose={() => {
            setRemoving(null);
            entry.current?.focus();
          }}
        />
      )}
      {dialog === 'quantity' && <Follow select={selectedLine}>{(line) => line && <QuantityDialog line={line} onClose={closeDialog} />}</Follow>}
      {dialog === 'line-discount' && <Follow select={selectedLine}>{(line) => line && <DiscountDialog target="line" line={line} onClose={closeDialog} />}</Follow>}
      {dialog === 'check-discount' && <DiscountDialog target="check" onClose={closeDialog} />}
      {dialog === 'park' && <ParkDialog onClose={closeDialog} />}
      {dialog === 'parked' && <ParkedDialog onClose={closeDialog} />}
      {dialog === 'cancel' && (
        <ConfirmDialog
          title={ru.sale.cancelCheck}
          text={ru.sale.cancelConfirm}
          confirm={ru.sale.cancelCheck}
          danger
          onConfirm={() => void dispatch(cancelCheck()).then(closeDialog)}
          onCancel={closeDialog}
          testId="cancel-confirm"
        />
      )}
      {markRequest && <MarkCodeDialog request={markRequest} />}
      {dialog === 'tiles' && <TilesDialog onPick={addItem} onClose={closeDialog} />}
      {priceAsk && <FreePriceDialog name={priceAsk.name} suggested={priceAsk.suggested} onDone={priceAsk.answer} />}
      {question && (
        <ConfirmDialog
          title={ru.sale.quantityQuestionTitle}
          text={question.text}
          confirm={ru.sale.quantityQuestionYes}
          onConfirm={() => {
            question.answer(true);
            entry.current?.focus();
          }}
          onCancel={() => {
            question.answer(false);
            entry.current?.focus();
          }}
          testId="quantity-confirm"
        />
      )}
    </div>
  );
}

const selectedLine = (s: RootState) => selectedLineOf(s.sale);

/** Renders what follows a part of the check (its total, the selected line) without the whole screen following it. */
function Follow<T>({ select, children }: { readonly select: (s: RootState) => T; readonly children: (value: T) => ReactNode }) {
  return children(useAppSelector(select));
}
