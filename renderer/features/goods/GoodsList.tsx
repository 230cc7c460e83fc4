import { useVirtualizer, type VirtualItem } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { GoodsListInput, GoodsRow } from '../../../preload/contract/index.js';
import { formatMoney } from '../../../common/money.js';
import { LoadError } from '../../components/Loaded.js';
import { useRead } from '../../app/server.js';
import { gt } from './text.js';

/** Rows one request brings: a screenful is 12–15 rows, so one or two pages paint it. */
export const PAGE = 100;
const ROW_HEIGHT = 46;

export type ListFilter = Required<Pick<GoodsListInput, 'query' | 'categoryId' | 'sort' | 'desc'>>;

/**
 * The whole catalogue in one scrolling list (200,000 items): only the rows in view exist, and each
 * page of 100 is read from main when a row of it comes into view (RTK Query keeps pages read).
 * The count comes with the first page, so the scrollbar is right from the start.
 */
export function GoodsList({ filter, onOpen }: { readonly filter: ListFilter; readonly onOpen: (id: number) => void }) {
  const first = useRead('goods.list', { ...filter, offset: 0, limit: PAGE });
  const total = first.data?.total ?? 0;
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });

  // Another query or order starts at the top.
  const key = JSON.stringify(filter);
  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 });
  }, [key]);

  const items = virtualizer.getVirtualItems();
  const pages = new Map<number, VirtualItem[]>();
  for (const item of items) {
    const page = Math.floor(item.index / PAGE);
    pages.set(page, [...(pages.get(page) ?? []), item]);
  }

  return (
    <div className="goods-list card" data-testid="goods-list">
      <div className="goods-row goods-head" role="row">
        <span className="goods-code">{gt.colCode}</span>
        <span className="goods-name">{gt.colName}</span>
        <span className="goods-barcode">{gt.colBarcode}</span>
        <span className="goods-category">{gt.colCategory}</span>
        <span className="goods-price num">{gt.colPrice}</span>
        <span className="goods-unit">{gt.colUnit}</span>
      </div>
      {first.error && !first.isFetching && <LoadError message={first.error.message} onRetry={first.refetch} testId="goods-list" />}
      <div className="goods-scroll" ref={scroller} data-testid="goods-scroll">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {[...pages].map(([page, rows]) => (
            <Page key={page} filter={filter} page={page} rows={rows} onOpen={onOpen} />
          ))}
        </div>
        {first.data && total === 0 && (
          <p className="muted goods-empty" data-testid="goods-empty">
            {gt.nothingFound}
          </p>
        )}
      </div>
      <p className="goods-total muted small" data-testid="goods-total">
        {first.data ? gt.total(total) : ''}
      </p>
    </div>
  );
}

/** The rows in view of one page: read as a page, painted row by row at their places. */
function Page({ filter, page, rows, onOpen }: { filter: ListFilter; page: number; rows: readonly VirtualItem[]; onOpen: (id: number) => void }) {
  const read = useRead('goods.list', page === 0 ? { ...filter, offset: 0, limit: PAGE } : { ...filter, offset: page * PAGE, limit: PAGE, withTotal: false });
  return (
    <>
      {rows.map((v) => {
        const row = read.data?.rows[v.index - page * PAGE];
        return (
          <div key={v.index} className="goods-place" style={{ transform: `translateY(${v.start}px)`, height: v.size }}>
            {row ? <Row row={row} onOpen={onOpen} /> : <div className="goods-row goods-row-loading">{gt.loadingRow}</div>}
          </div>
        );
      })}
    </>
  );
}

function Row({ row, onOpen }: { readonly row: GoodsRow; readonly onOpen: (id: number) => void }) {
  return (
    <button
      type="button"
      className={`goods-row ${row.hidden ? 'goods-row-hidden' : ''}`}
      onClick={() => onOpen(row.id)}
      data-testid="goods-row"
      data-code={row.code}
    >
      <span className="goods-code">{row.code}</span>
      <span className="goods-name" title={row.name}>
        {row.name}
        {row.hidden && <span className="tag goods-tag">{gt.hidden}</span>}
        {row.weighted && <span className="tag goods-tag">{gt.weighted}</span>}
        {row.marked && <span className="tag goods-tag">{gt.marked}</span>}
        {row.freePrice && <span className="tag goods-tag">{gt.freePrice}</span>}
      </span>
      <span className="goods-barcode">
        {row.barcode ?? ''}
        {row.barcodeCount > 1 && <span className="muted small"> {gt.moreBarcodes(row.barcodeCount - 1)}</span>}
      </span>
      <span className="goods-category">{row.category ?? ''}</span>
      <span className="goods-price num">{formatMoney(row.price)}</span>
      <span className="goods-unit">{row.unit}</span>
    </button>
  );
}
