import { useState } from 'react';
import type { CatalogueItem } from '../../../preload/contract/index.js';
import { formatMoney } from '../../../common/money.js';
import { Button } from '../../components/Button.js';
import { Dialog } from '../../components/Dialog.js';
import { Loaded } from '../../components/Loaded.js';
import { useRead } from '../../app/server.js';
import { gt } from './text.js';

/**
 * The sale screen's panel of large tiles for goods without barcodes (bakery, vegetables, services):
 * categories down to the goods; a tap on a good adds it like a scan (weighed goods take the
 * scale's weight, a price entered at sale is asked for).
 */
export function TilesDialog({ onPick, onClose }: { readonly onPick: (item: CatalogueItem) => Promise<unknown>; readonly onClose: () => void }) {
  const [path, setPath] = useState<{ id: number; name: string }[]>([]);
  const current = path.at(-1) ?? null;
  const read = useRead('goods.tiles', { categoryId: current?.id ?? null });

  // The panel closes first: the weight, the price or the mark code may be asked for next.
  const pick = (item: CatalogueItem) => {
    onClose();
    void onPick(item);
  };

  return (
    <Dialog title={gt.tiles} onClose={onClose} testId="tiles-dialog" wide>
      <nav className="tiles-path" aria-label={gt.tiles}>
        <Button variant="ghost" onClick={() => setPath([])} data-testid="tiles-top">
          {gt.tilesTop}
        </Button>
        {path.map((p, i) => (
          <Button key={p.id} variant="ghost" onClick={() => setPath(path.slice(0, i + 1))} data-testid="tiles-crumb">
            / {p.name}
          </Button>
        ))}
      </nav>
      <Loaded read={read} testId="tiles">
        {(tiles) => (
          <div className="tiles-grid" data-testid="tiles-grid">
            {current && (
              <button type="button" className="tile tile-back" onClick={() => setPath(path.slice(0, -1))} data-testid="tiles-back">
                {gt.tilesBack}
              </button>
            )}
            {tiles.categories.map((c) => (
              <button type="button" key={`c${c.id}`} className="tile tile-category" onClick={() => setPath([...path, c])} data-testid="tile-category">
                {c.name}
              </button>
            ))}
            {tiles.items.map((item) => (
              <button type="button" key={`i${item.id}`} className="tile tile-item" onClick={() => pick(item)} data-testid="tile-item">
                <span className="tile-name">{item.name}</span>
                <span className="tile-price">{item.freePrice ? gt.freePrice : `${formatMoney(item.price)} / ${item.unit}`}</span>
              </button>
            ))}
            {current && tiles.categories.length === 0 && tiles.items.length === 0 && <p className="muted">{gt.tilesEmpty}</p>}
          </div>
        )}
      </Loaded>
    </Dialog>
  );
}
