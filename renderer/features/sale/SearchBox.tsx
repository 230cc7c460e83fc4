import { forwardRef, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { CatalogueItem } from '../../../preload/contract/index.js';
import { formatMoney } from '../../../common/money.js';
import { call, useAppDispatch } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';
import { isValidGs1 } from '../../../common/barcode.js';
import { toAscii } from '../../../common/keyboard-layout.js';

/** Short enough to feel instant, long enough not to ask main on every key of a fast typist. */
const DEBOUNCE_MS = 120;
/** The list is for picking, not browsing: a longer one means the query needs another word. */
const LIMIT = 20;
const PAGE = 5;

type Props = {
  readonly onPick: (item: CatalogueItem) => Promise<boolean>;
  /** A barcode scanned or typed while the search had the focus. */
  readonly onBarcode: (barcode: string) => Promise<boolean>;
  /** Esc in an empty search box hands the keyboard back. */
  readonly onLeave: () => void;
};

/**
 * Search the catalogue by name or code as you type: debounced, an answer to an older query is
 * dropped, at most LIMIT results; ↑↓ PgUp PgDn choose, Enter or a click adds.
 */
export const SearchBox = forwardRef<HTMLInputElement, Props>(function SearchBox({ onPick, onBarcode, onLeave }, ref) {
  const dispatch = useAppDispatch();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<readonly CatalogueItem[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [active, setActive] = useState(0);
  // The list shows while the field has the focus; clicks on it do not take the focus away.
  const [open, setOpen] = useState(false);
  const seq = useRef(0);
  const list = useRef<HTMLUListElement>(null);

  useEffect(() => {
    const q = query.trim();
    const mine = ++seq.current;
    if (!q) {
      setResults(null);
      setSearching(false);
      return;
    }
    setSearching(true);
    const t = setTimeout(() => {
      void dispatch(call('catalogue.search', { query: q, limit: LIMIT }, { quiet: true })).then((r) => {
        if (mine !== seq.current) return; // a later keystroke has its own answer coming
        setResults(r.ok ? r.value : []);
        setSearching(false);
        setActive(0);
      });
    }, DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [dispatch, query]);

  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const clear = () => {
    seq.current++;
    setQuery('');
    setResults(null);
    setSearching(false);
  };

  const pick = async (item: CatalogueItem | undefined) => {
    if (!item) return;
    if (await onPick(item)) clear();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const n = results?.length ?? 0;
    const move = (to: number) => {
      e.preventDefault();
      if (n) setActive(Math.min(n - 1, Math.max(0, to)));
    };
    if (e.key === 'ArrowDown') move(active + 1);
    else if (e.key === 'ArrowUp') move(active - 1);
    else if (e.key === 'PageDown') move(active + PAGE);
    else if (e.key === 'PageUp') move(active - PAGE);
    else if (e.key === 'Enter') {
      e.preventDefault();
      const code = toAscii(query.trim());
      // A scanner fired into the search box: the barcode, not the first search result.
      if (isValidGs1(code)) {
        clear();
        void onBarcode(code);
      } else if (!searching) void pick(results?.[active]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      if (query) clear();
      else onLeave();
    }
  };

  const full = results !== null && results.length >= LIMIT;
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
        aria-busy={searching}
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
      {open && (results !== null || searching) && (
        <ul ref={list} className="search-results" id="sale-search-results" role="listbox" data-testid="sale-search-results">
          {results === null && <li className="search-empty muted">{ru.sale.searching}</li>}
          {results?.length === 0 && !searching && <li className="search-empty muted">{ru.sale.nothingFound}</li>}
          {results?.map((item, i) => (
            <li
              key={item.id}
              role="option"
              aria-selected={i === active}
              className={`search-result ${i === active ? 'search-result-active' : ''} ${searching ? 'search-result-stale' : ''}`}
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
          {full && <li className="search-more muted small">{ru.sale.firstResults(LIMIT)}</li>}
        </ul>
      )}
    </div>
  );
});
