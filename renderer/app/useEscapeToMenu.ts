import { useAppDispatch } from './store.js';
import { navigated } from './ui.js';
import { useWindowKeys } from './useWindowKeys.js';

/**
 * Esc on a screen goes back to the menu — unless a dialog or a field took it first
 * (`defaultPrevented`), or, with `fromFields: false`, the cashier is typing in a field of a form
 * whose edits Esc must not throw away. `enabled: false` leaves Esc to the screen's own step.
 */
export function useEscapeToMenu(options: { readonly fromFields?: boolean; readonly enabled?: boolean } = {}): void {
  const dispatch = useAppDispatch();
  const { fromFields = true, enabled = true } = options;
  useWindowKeys(
    (e) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      if (!fromFields && (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || e.target instanceof HTMLTextAreaElement)) return;
      if (document.querySelector('[role="dialog"]')) return;
      e.preventDefault();
      dispatch(navigated('menu'));
    },
    { enabled },
  );
}
