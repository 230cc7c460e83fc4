import { useState, type FormEvent } from 'react';
import type { Category } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { Dialog } from '../../components/Dialog.js';
import { ReadState } from '../../components/Loaded.js';
import { noticeShown } from '../../app/notices.js';
import { useRead } from '../../app/server.js';
import { call, useAppDispatch } from '../../app/store.js';
import { errorAt, refusalOf, type FieldErrors } from '../settings/form.js';
import { Check, Choice, Row, TextInput } from '../settings/parts.js';
import { gt } from './text.js';
import { indentName, subtreeIds, treeOrder, type TreeRow } from './tree.js';

type Edit = { id: number; name: string; parentId: string; hidden: boolean };

/** The parents a category may go under: the top level or any category outside its own subtree. */
function parentOptions(tree: readonly TreeRow[], except: Set<number>): Record<string, string> {
  return { '': gt.catTop, ...Object.fromEntries(tree.filter((c) => !except.has(c.id)).map((c) => [String(c.id), indentName(c)])) };
}

/** Admin: the category tree — add, rename, move (never under itself), hide from the sale tiles. */
export function CategoriesDialog({ onClose }: { readonly onClose: () => void }) {
  const dispatch = useAppDispatch();
  const read = useRead('goods.categories', {});
  const all: readonly Category[] = read.data ?? [];
  const tree = treeOrder(all);
  const [adding, setAdding] = useState({ name: '', parentId: '' });
  const [addErrors, setAddErrors] = useState<FieldErrors>({});
  const [edit, setEdit] = useState<Edit | null>(null);
  const [editErrors, setEditErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    const r = await dispatch(
      call('goods.createCategory', { name: adding.name, parentId: adding.parentId === '' ? null : Number(adding.parentId) }, { quiet: true }),
    );
    setBusy(false);
    if (!r.ok) return setAddErrors(refusalOf(r.error).errors.name ? refusalOf(r.error).errors : { name: r.error.message });
    setAddErrors({});
    setAdding({ name: '', parentId: adding.parentId });
    dispatch(noticeShown('success', gt.catAdded(r.value.name)));
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !edit) return;
    setBusy(true);
    const input = { id: edit.id, name: edit.name, parentId: edit.parentId === '' ? null : Number(edit.parentId), hidden: edit.hidden };
    const r = await dispatch(call('goods.updateCategory', input, { quiet: true }));
    setBusy(false);
    if (!r.ok) {
      const { errors } = refusalOf(r.error);
      return setEditErrors(Object.keys(errors).length > 0 ? errors : { name: r.error.message });
    }
    setEditErrors({});
    dispatch(noticeShown('success', gt.catSaved(r.value.name)));
  };

  return (
    <Dialog title={gt.catTitle} onClose={onClose} testId="categories-dialog" wide>
      <ReadState read={read} testId="categories" />
      <div className="categories-editor">
        <ul className="goods-tree categories-tree">
          {tree.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className={`goods-tree-item ${edit?.id === c.id ? 'goods-tree-on' : ''} ${c.hidden ? 'goods-tree-hidden' : ''}`}
                style={{ paddingLeft: 10 + c.depth * 16 }}
                onClick={() => {
                  setEdit({ id: c.id, name: c.name, parentId: c.parentId === null ? '' : String(c.parentId), hidden: c.hidden });
                  setEditErrors({});
                }}
                data-testid="categories-item"
              >
                {c.name} <span className="muted small">{gt.catItems(c.items)}</span>
              </button>
            </li>
          ))}
        </ul>
        <div className="categories-forms">
          {edit ? (
            <form className="card" onSubmit={(e) => void save(e)} data-testid="category-edit" noValidate>
              <Row id="category-edit-name" label={gt.catName} error={errorAt(editErrors, 'name')}>
                <TextInput
                  id="category-edit-name"
                  maxLength={64}
                  value={edit.name}
                  onChange={(name) => setEdit({ ...edit, name })}
                  error={errorAt(editErrors, 'name')}
                />
              </Row>
              <Row id="category-edit-parent" label={gt.catParent} error={errorAt(editErrors, 'parentId')}>
                <Choice
                  id="category-edit-parent"
                  value={edit.parentId}
                  options={parentOptions(tree, subtreeIds(all, edit.id))}
                  onChange={(parentId) => setEdit({ ...edit, parentId })}
                />
              </Row>
              <Check id="category-edit-hidden" label={gt.catHidden} value={edit.hidden} onChange={(hidden) => setEdit({ ...edit, hidden })} />
              <div className="dialog-actions">
                <Button type="submit" variant="primary" disabled={busy} data-testid="category-save">
                  {gt.catSave}
                </Button>
              </div>
            </form>
          ) : (
            <p className="muted">{gt.catPick}</p>
          )}
          <form className="card" onSubmit={(e) => void add(e)} data-testid="category-add" noValidate>
            <h2>{gt.catNew}</h2>
            <Row id="category-new-name" label={gt.catName} error={errorAt(addErrors, 'name')}>
              <TextInput
                id="category-new-name"
                maxLength={64}
                value={adding.name}
                onChange={(name) => setAdding({ ...adding, name })}
                error={errorAt(addErrors, 'name')}
              />
            </Row>
            <Row id="category-new-parent" label={gt.catParent}>
              <Choice
                id="category-new-parent"
                value={adding.parentId}
                options={parentOptions(tree, new Set())}
                onChange={(parentId) => setAdding({ ...adding, parentId })}
              />
            </Row>
            <div className="dialog-actions">
              <Button type="submit" disabled={busy} data-testid="category-add-submit">
                {gt.catAdd}
              </Button>
            </div>
          </form>
        </div>
      </div>
      <div className="dialog-actions">
        <Button onClick={onClose} shortcut="Esc" data-testid="categories-close">
          {gt.close}
        </Button>
      </div>
    </Dialog>
  );
}
