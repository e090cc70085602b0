import { Component, type ReactNode } from 'react';
import { ErrorMessage } from './error-message.js';

/** A page that throws shows its error instead of a blank screen. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  render() {
    return this.state.error ? <ErrorMessage error={this.state.error} /> : this.props.children;
  }
}
