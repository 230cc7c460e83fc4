import type { Category } from '../../../preload/contract/index.js';

/** A category with how deep it sits, in tree order (parents before their children). */
export type TreeRow = Category & { readonly depth: number };

/** The flat list from main as a tree walked depth first; siblings keep main's order. */
export function treeOrder(categories: readonly Category[]): TreeRow[] {
  const children = new Map<number | null, Category[]>();
  for (const c of categories) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c]);
  const out: TreeRow[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const c of children.get(parent) ?? []) {
      out.push({ ...c, depth });
      walk(c.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** The category and everything under it: where it may not be moved to. */
export function subtreeIds(categories: readonly Category[], id: number): Set<number> {
  const out = new Set<number>([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of categories) {
      if (c.parentId !== null && out.has(c.parentId) && !out.has(c.id)) {
        out.add(c.id);
        grew = true;
      }
    }
  }
  return out;
}

/** "Выпечка / Хлеб": where a category sits, for a select's option. */
export function indentName(row: TreeRow): string {
  return `${'\u00a0\u00a0\u00a0'.repeat(row.depth)}${row.name}`;
}
