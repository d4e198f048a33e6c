/**
 * One small store: an immutable snapshot, replaced on every change, and
 * listeners, in the shape React's `useSyncExternalStore` reads
 * (`subscribe`, `getSnapshot`: both bound, so views may pass them as is).
 */
export class SnapshotStore<S extends object> {
  constructor(initial: S) {
    this._snapshot = initial;
  }

  getSnapshot = (): S => this._snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this._listeners.add(listener);
    return () => this._listeners.delete(listener);
  };

  get isDisposed(): boolean {
    return this._disposed;
  }

  /** No more changes or notifications. */
  dispose(): void {
    this._disposed = true;
    this._listeners.clear();
  }

  /** A new snapshot with `patch` applied; every listener is told. */
  protected set(patch: Partial<S>): void {
    if (this._disposed) {
      return;
    }
    this._snapshot = { ...this._snapshot, ...patch };
    for (const listener of [...this._listeners]) {
      listener();
    }
  }

  private _snapshot: S;
  private readonly _listeners = new Set<() => void>();
  private _disposed = false;
}
