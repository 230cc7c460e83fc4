import { useEffect, useState } from 'react';
import type { GoodsSort } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { ReadState } from '../../components/Loaded.js';
import { canCall } from '../../app/access.js';
import { useRead } from '../../app/server.js';
import { useAppDispatch, useAppSelector } from '../../app/store.js';
import { navigated } from '../../app/ui.js';
import { useEscapeToMenu } from '../../app/useEscapeToMenu.js';
import { ru } from '../../i18n/ru.js';
import { CategoriesDialog } from './CategoriesDialog.js';
import { GoodsList, type ListFilter } from './GoodsList.js';
import { ItemCard } from './ItemCard.js';
import { gt } from './text.js';
import { treeOrder } from './tree.js';

const SORTS: Readonly<Record<GoodsSort, string>> = { name: gt.sortName, code: gt.sortCode, price: gt.sortPrice };

/**
 * «Товары»: the whole catalogue, searched as typed, filtered by category (with its subcategories),
 * sorted by name, code or price. The admin opens an item to edit it, adds items and keeps the
 * category tree; a cashier sees the same read-only.
 */
export function GoodsScreen() {
  const dispatch = useAppDispatch();
  const status = useAppSelector((s) => s.session.status);
  const canEdit = canCall('goods.update', status).allowed;
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState('');
  const [categoryId, setCategoryId] = useState<number | null>(null);
  const [sort, setSort] = useState<GoodsSort>('name');
  const [desc, setDesc] = useState(false);
  // The item card: an id, 'new', or closed.
  const [card, setCard] = useState<number | 'new' | null>(null);
  const [editCategories, setEditCategories] = useState(false);
  useEscapeToMenu({ enabled: card === null && !editCategories });

  // Typing fast sends the last text only: a page is read 120 ms after the last key.
  useEffect(() => {
    const t = setTimeout(() => setQuery(typed.trim()), 120);
    return () => clearTimeout(t);
  }, [typed]);

  const categories = useRead('goods.categories', {});
  const tree = treeOrder(categories.data ?? []);
  const filter: ListFilter = { query, categoryId, sort, desc };

  return (
    <div className="screen goods-screen" data-testid="screen-goods">
      <aside className="goods-side card" data-testid="goods-categories">
        <h2>{gt.categories}</h2>
        <ReadState read={categories} testId="goods-categories" />
        <ul className="goods-tree">
          <li>
            <button
              type="button"
              className={`goods-tree-item ${categoryId === null ? 'goods-tree-on' : ''}`}
              onClick={() => setCategoryId(null)}
              data-testid="goods-cat-all"
            >
              {gt.allGoods}
            </button>
          </li>
          {tree.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className={`goods-tree-item ${categoryId === c.id ? 'goods-tree-on' : ''} ${c.hidden ? 'goods-tree-hidden' : ''}`}
                style={{ paddingLeft: 10 + c.depth * 16 }}
                onClick={() => setCategoryId(c.id)}
                data-testid="goods-cat"
              >
                {c.name}
              </button>
            </li>
          ))}
        </ul>
        {canEdit && (
          <Button onClick={() => setEditCategories(true)} data-testid="goods-edit-categories">
            {gt.catTitle}
          </Button>
        )}
      </aside>
      <section className="goods-main">
        <div className="goods-toolbar">
          <input
            className="input goods-search"
            type="search"
            placeholder={gt.searchHint}
            aria-label={gt.search}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoFocus
            autoComplete="off"
            spellCheck={false}
            data-testid="goods-search"
          />
          <select className="input goods-sort" aria-label={gt.sort} value={sort} onChange={(e) => setSort(e.target.value as GoodsSort)} data-testid="goods-sort">
            {(Object.keys(SORTS) as GoodsSort[]).map((k) => (
              <option key={k} value={k}>
                {SORTS[k]}
              </option>
            ))}
          </select>
          <Button onClick={() => setDesc(!desc)} data-testid="goods-direction">
            {desc ? gt.descending : gt.ascending}
          </Button>
          {canEdit ? (
            <Button variant="primary" onClick={() => setCard('new')} data-testid="goods-new">
              {gt.newItem}
            </Button>
          ) : (
            <span className="muted small goods-readonly" data-testid="goods-readonly">
              {gt.readOnly}
            </span>
          )}
          <Button onClick={() => dispatch(navigated('menu'))} shortcut={ru.backKey} data-testid="goods-back">
            {ru.back}
          </Button>
        </div>
        <GoodsList filter={filter} onOpen={(id) => setCard(id)} />
      </section>
      {card !== null && <ItemCard id={card === 'new' ? null : card} categories={tree} canEdit={canEdit} onClose={() => setCard(null)} />}
      {editCategories && <CategoriesDialog onClose={() => setEditCategories(false)} />}
    </div>
  );
}
