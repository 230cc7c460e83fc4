import { Component, type ErrorInfo, type ReactNode } from 'react';
import { ru } from '../i18n/ru.js';

type State = { readonly failed: boolean };

/** A render error shows a way back instead of a blank window. */
export class ErrorBoundary extends Component<{ readonly children: ReactNode }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('kassa: screen failed', error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="center-screen" data-testid="crash">
        <div className="card card-narrow">
          <h1>{ru.errors.crash}</h1>
          <button type="button" className="btn btn-primary btn-large" onClick={() => window.location.reload()}>
            {ru.errors.reload}
          </button>
        </div>
      </div>
    );
  }
}
