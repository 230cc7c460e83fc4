import type { ReactNode } from 'react';
import { useAppDispatch } from '../app/store.js';
import { navigated, type Screen } from '../app/ui.js';
import { ru } from '../i18n/ru.js';
import { Button } from './Button.js';

type Props = {
  readonly title: ReactNode;
  /** `${testId}-back` on the way back. */
  readonly testId: string;
  readonly titleTestId?: string;
  /** Where «В меню» (Esc) leads: the menu unless said, another screen, or what the screen does itself. */
  readonly back?: Screen | (() => void);
  /** The screen's own tabs and buttons, between the title and the way back. */
  readonly children?: ReactNode;
  /** Keeps those buttons and the way back together in one group of this class. */
  readonly actionsClassName?: string;
};

/** The head of a screen: its title, what it offers up there, and «В меню» with Esc. */
export function ScreenHead({ title, testId, titleTestId, back = 'menu', children, actionsClassName }: Props) {
  const dispatch = useAppDispatch();
  const goBack = typeof back === 'function' ? back : () => dispatch(navigated(back));
  const backButton = (
    <Button onClick={goBack} shortcut={ru.backKey} data-testid={`${testId}-back`}>
      {ru.back}
    </Button>
  );
  return (
    <div className="screen-head">
      <h1 data-testid={titleTestId}>{title}</h1>
      {actionsClassName ? (
        <div className={actionsClassName}>
          {children}
          {backButton}
        </div>
      ) : (
        <>
          {children}
          {backButton}
        </>
      )}
    </div>
  );
}
