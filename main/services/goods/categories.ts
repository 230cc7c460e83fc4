/**
 * The category tree (admin): create, rename, move (never under itself), hide — and the sale
 * screen's tiles, which walk it down to the goods. A name is one per level whatever its case
 * (name_lc: JavaScript's lower case, as SQLite's lower() knows ASCII only). Hidden categories and
 * their whole subtree leave the tiles; the goods in them stay on sale by barcode and code.
 */
import type { CatalogueItem, Category, Tiles } from '../../../preload/contract/index.js';
import { KassaError } from '../../domain/errors.js';
import { audit } from '../audit.js';
import { itemById } from '../catalogue.js';
import type { Ctx } from '../context.js';

type Row = { id: number; parent_id: number | null; name: string; hidden: number; items: number };

const toCategory = (r: Row): Category => ({ id: r.id, parentId: r.parent_id, name: r.name, hidden: r.hidden === 1, items: r.items });

export function categories(ctx: Ctx): Category[] {
  return ctx.db
    .all<Row>(
      `SELECT c.id, c.parent_id, c.name, c.hidden, (SELECT count(*) FROM items i WHERE i.category_id = c.id) AS items
         FROM categories c ORDER BY c.position, c.name_lc`,
    )
    .map(toCategory);
}

function categoryOf(ctx: Ctx, id: number): Category {
  const row = ctx.db.one<Row>('SELECT c.*, (SELECT count(*) FROM items i WHERE i.category_id = c.id) AS items FROM categories c WHERE c.id = ?', id);
  if (!row) throw new KassaError('NOT_FOUND', 'Категория не найдена (её могли удалить)', { issues: [{ path: ['id'], message: 'Категория не найдена' }] });
  return toCategory(row);
}

function requireFreeName(ctx: Ctx, name: string, parentId: number | null, id: number | null): void {
  const taken = ctx.db.value<number>(
    'SELECT id FROM categories WHERE coalesce(parent_id, 0) = ? AND name_lc = ? AND id IS NOT ?',
    parentId ?? 0,
    name.toLowerCase(),
    id,
  );
  if (taken !== undefined) {
    const message = `Категория «${name}» здесь уже есть`;
    throw new KassaError('CONFLICT', message, { issues: [{ path: ['name'], message }] });
  }
}

function requireParent(ctx: Ctx, parentId: number | null): void {
  if (parentId === null) return;
  if (ctx.db.value<number>('SELECT 1 FROM categories WHERE id = ?', parentId) === undefined) {
    const message = 'Родительская категория не найдена';
    throw new KassaError('NOT_FOUND', message, { issues: [{ path: ['parentId'], message }] });
  }
}

export function createCategory(ctx: Ctx, input: { name: string; parentId: number | null }): Category {
  return ctx.db.transaction(() => {
    requireParent(ctx, input.parentId);
    requireFreeName(ctx, input.name, input.parentId, null);
    const id = ctx.db.value<number>(
      'INSERT INTO categories (parent_id, name, name_lc) VALUES (?, ?, ?) RETURNING id',
      input.parentId,
      input.name,
      input.name.toLowerCase(),
    )!;
    audit(ctx, 'goods.categoryCreated', { categoryId: id, changes: { name: [null, input.name], parentId: [null, input.parentId] } });
    return categoryOf(ctx, id);
  })();
}

/** Renames, moves and hides in one; a move under the category itself or any category under it is refused. */
export function updateCategory(ctx: Ctx, input: { id: number; name: string; parentId: number | null; hidden: boolean }): Category {
  return ctx.db.transaction(() => {
    const before = categoryOf(ctx, input.id);
    requireParent(ctx, input.parentId);
    if (input.parentId !== null) {
      const underItself = ctx.db.value<number>(
        `WITH RECURSIVE up(id) AS (SELECT ? UNION SELECT c.parent_id FROM categories c JOIN up ON c.id = up.id WHERE c.parent_id IS NOT NULL)
         SELECT 1 FROM up WHERE id = ?`,
        input.parentId,
        input.id,
      );
      if (underItself !== undefined) {
        const message = 'Категорию нельзя перенести в неё саму или в её подкатегорию';
        throw new KassaError('VALIDATION', message, { issues: [{ path: ['parentId'], message }] });
      }
    }
    requireFreeName(ctx, input.name, input.parentId, input.id);
    const changes: Record<string, [unknown, unknown]> = {};
    if (before.name !== input.name) changes.name = [before.name, input.name];
    if (before.parentId !== input.parentId) changes.parentId = [before.parentId, input.parentId];
    if (before.hidden !== input.hidden) changes.hidden = [before.hidden, input.hidden];
    if (Object.keys(changes).length === 0) return before;
    ctx.db.run(
      'UPDATE categories SET name = ?, name_lc = ?, parent_id = ?, hidden = ? WHERE id = ?',
      input.name,
      input.name.toLowerCase(),
      input.parentId,
      input.hidden ? 1 : 0,
      input.id,
    );
    audit(ctx, 'goods.categoryChanged', { categoryId: input.id, category: before.name, changes });
    return categoryOf(ctx, input.id);
  })();
}

/** At most this many goods on one level of tiles: the panel is for the few goods without barcodes. */
const MAX_TILES = 120;

/** Visible subcategories and visible goods of a visible category (null: the top level). */
export function tiles(ctx: Ctx, categoryId: number | null): Tiles {
  let category: Tiles['category'] = null;
  if (categoryId !== null) {
    const row = ctx.db.one<{ id: number; name: string; parent_id: number | null }>(
      `WITH RECURSIVE up(id, hidden) AS (SELECT id, hidden FROM categories WHERE id = @id
         UNION SELECT c.id, c.hidden FROM categories c JOIN categories d ON d.parent_id = c.id JOIN up ON up.id = d.id)
       SELECT c.id, c.name, c.parent_id FROM categories c WHERE c.id = @id AND NOT EXISTS (SELECT 1 FROM up WHERE hidden = 1)`,
      { id: categoryId },
    );
    if (!row) throw new KassaError('NOT_FOUND', 'Категория не найдена или скрыта');
    category = { id: row.id, name: row.name, parentId: row.parent_id };
  }
  const subcategories = ctx.db.all<{ id: number; name: string }>(
    'SELECT id, name FROM categories WHERE coalesce(parent_id, 0) = ? AND hidden = 0 ORDER BY position, name_lc',
    categoryId ?? 0,
  );
  const ids =
    categoryId === null
      ? []
      : ctx.db.all<{ id: number }>('SELECT id FROM items WHERE category_id = ? AND hidden = 0 ORDER BY name_lc LIMIT ?', categoryId, MAX_TILES).map((r) => r.id);
  const items: CatalogueItem[] = ids.map((id) => itemById(ctx, id));
  return { category, categories: subcategories, items };
}
