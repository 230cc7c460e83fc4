import type { ReactNode } from 'react';
import { LoadError } from '../../components/Loaded.js';
import type { Read } from '../../app/server.js';
import { ru } from '../../i18n/ru.js';

/** The rows of one more page of a list («Показать ещё»): read on its own, saying in a row while it loads or when it failed. */
export function PageRows<T>({ read, row, columns }: { readonly read: Read<{ items: T[] }>; readonly row: (item: T) => ReactNode; readonly columns: number }) {
  if (read.data) return <>{read.data.items.map(row)}</>;
  return (
    <tr>
      <td colSpan={columns}>
        {read.error && !read.isFetching ? <LoadError message={read.error.message} onRetry={read.refetch} /> : <span className="muted">{ru.loading}</span>}
      </td>
    </tr>
  );
}
