import type { ReactNode } from 'react';
import type { Read } from '../app/server.js';
import { ru } from '../i18n/ru.js';

type Props<T> = {
  readonly read: Read<T>;
  /** What the screen shows once the data is there (kept on screen while it is read again). */
  readonly children: (data: T) => ReactNode;
  /** Replaces the default «Загрузка…» line, e.g. a table's empty frame. */
  readonly loading?: ReactNode;
  readonly testId?: string;
};

/**
 * Server data on a screen: «Загрузка…» until it comes, main's message with «Повторить» when it
 * could not be read (above the last data, if there was any), the data otherwise.
 */
export function Loaded<T>({ read, children, loading, testId }: Props<T>) {
  const failed = read.error && !read.isFetching ? <LoadError message={read.error.message} onRetry={read.refetch} testId={testId} /> : null;
  if (read.data === undefined) {
    return (
      failed ??
      loading ?? (
        <p className="muted load-state" data-testid={testId ? `${testId}-loading` : 'loading'} role="status">
          {ru.loading}
        </p>
      )
    );
  }
  return (
    <>
      {failed}
      {children(read.data)}
    </>
  );
}

/** The one way a screen says its data could not be read: main's words and «Повторить». */
export function LoadError({ message, onRetry, testId }: { readonly message: string; readonly onRetry: () => void; readonly testId?: string | undefined }) {
  return (
    <div className="notice notice-error load-error" role="alert" data-testid={testId ? `${testId}-error` : 'load-error'}>
      <span className="notice-text">
        {ru.errors.readFailed}: {message}
      </span>
      <button type="button" className="btn btn-secondary btn-normal" onClick={onRetry} data-testid="load-retry">
        {ru.errors.retry}
      </button>
    </div>
  );
}

/** Only the loading and error lines of a read, for a screen that lays its data out itself. */
export function ReadState<T>({ read, testId }: { readonly read: Read<T>; readonly testId?: string }) {
  return (
    <Loaded read={read} testId={testId}>
      {() => null}
    </Loaded>
  );
}
