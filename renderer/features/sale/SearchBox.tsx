import { forwardRef, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { CatalogueItem } from '../../../preload/contract.js';
import { formatMoney } from '../../app/money.js';
import { call, useAppDispatch } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';

const DEBOUNCE_MS = 150;
const LIMIT = 20;

type Props = {
  readonly onPick: (item: CatalogueItem) => Promise<boolean>;
  /** Esc in an empty search box hands the keyboard back. */
  readonly onLeave: () => void;
};

/** Search the catalogue by name or code as you type; Enter or a click adds the chosen item. */
export const SearchBox = forwardRef<HTMLInputElement, Props>(function SearchBox({ onPick, onLeave }, ref) {
  const dispatch = useAppDispatch();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<readonly CatalogueItem[] | null>(null);
  const [active, setActive] = useState(0);
  // The list shows while the field has the focus; clicks on it do not take the focus away.
  const [open, setOpen] = useState(false);
  const seq = useRef(0);

  useEffect(() => {
    const q = query.trim();
    const mine = ++seq.current;
    if (!q) {
      setResults(null);
      return;
    }
    const t = setTimeout(async () => {
      const r = await dispatch(call('catalogue.search', { query: q, limit: LIMIT }, { quiet: true }));
      if (mine !== seq.current) return; // a later keystroke has its own answer coming
      setResults(r.ok ? r.value : []);
      setActive(0);
    }, DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [dispatch, query]);

  const pick = async (item: CatalogueItem | undefined) => {
    if (!item) return;
    if (await onPick(item)) {
      setQuery('');
      setResults(null);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const n = results?.length ?? 0;
    if (e.key === 'ArrowDown' && n) {
      e.preventDefault();
      setActive((a) => (a + 1) % n);
    } else if (e.key === 'ArrowUp' && n) {
      e.preventDefault();
      setActive((a) => (a - 1 + n) % n);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      void pick(results?.[active]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      if (query) {
        setQuery('');
        setResults(null);
      } else onLeave();
    }
  };

  return (
    <div className="field sale-search">
      <label className="field-label" htmlFor="sale-search">
        {ru.sale.search} <kbd>F2</kbd>
      </label>
      <input
        ref={ref}
        id="sale-search"
        className="input"
        data-testid="sale-search"
        autoComplete="off"
        spellCheck={false}
        role="combobox"
        aria-expanded={open && results !== null}
        aria-controls="sale-search-results"
        maxLength={100}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      {open && results !== null && (
        <ul className="search-results" id="sale-search-results" role="listbox" data-testid="sale-search-results">
          {results.length === 0 && <li className="search-empty muted">{ru.sale.nothingFound}</li>}
          {results.map((item, i) => (
            <li
              key={item.id}
              role="option"
              aria-selected={i === active}
              className={`search-result ${i === active ? 'search-result-active' : ''}`}
              data-testid="sale-search-result"
              data-item-id={item.id}
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(i)}
              onClick={() => void pick(item)}
            >
              <span className="search-result-name">{item.name}</span>
              <span className="search-result-code muted">{item.code}</span>
              <span className="search-result-price num">
                {formatMoney(item.price)}
                <span className="muted small"> / {item.unit}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
});
