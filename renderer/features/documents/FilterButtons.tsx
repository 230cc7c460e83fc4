import type { ReactNode } from 'react';
import { Button } from '../../components/Button.js';
import { ru } from '../../i18n/ru.js';

/** «Применить» (the form's submit) and «Сбросить» of a list's filters; `note` stands before them. */
export function FilterButtons({ testPrefix, onReset, note }: { readonly testPrefix: string; readonly onReset: () => void; readonly note?: ReactNode }) {
  return (
    <div className="doc-filter-buttons">
      {note}
      <Button type="submit" variant="primary" data-testid={`${testPrefix}-apply`}>
        {ru.documents.apply}
      </Button>
      <Button onClick={onReset} data-testid={`${testPrefix}-reset`}>
        {ru.documents.reset}
      </Button>
    </div>
  );
}
