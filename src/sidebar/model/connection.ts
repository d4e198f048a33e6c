/**
 * The sidebar's connection check: asks the server extension for the store's
 * status, says what it found (connected, unreachable with the reason, the
 * server extension missing or failing, versions that differ), and checks
 * again when a list fails as unreachable. Only the latest check counts.
 * Plain TypeScript, run by the sidebar model.
 */
import type { IServerStatus } from '../../api';
import type { TranslationBundle } from '../../components/i18n';
import { messageOf } from '../query/pagedQuery';
import { missingServerExtension, versionMismatch } from '../version';
import type { ConnectionState } from './types';

/** A list that fails as unreachable re-checks the connection, at most this often. */
export const RECHECK_AFTER_MS = 5000;

export interface IConnectionCheckOptions {
  /** The status of the store being browsed. */
  status: (force: boolean) => Promise<IServerStatus>;
  frontendVersion: string;
  trans: TranslationBundle;
  current: () => ConnectionState;
  /** A new connection state, with the version warning once a status came. */
  onState: (patch: {
    connection: ConnectionState;
    versionWarning?: string | null;
  }) => void;
  /** The store answers: (re)load the lists. */
  onReachable: () => Promise<void>;
  /** The store does not answer: what is listed is no longer current. */
  onDown: () => void;
}

export class ConnectionCheck {
  constructor(options: IConnectionCheckOptions) {
    this._options = options;
  }

  get isConnected(): boolean {
    return this._options.current().kind === 'ok';
  }

  /** Check the connection; on success (re)load the lists. */
  async check(force = true): Promise<void> {
    const o = this._options;
    const generation = ++this._generation;
    this._startedMs = Date.now();
    if (o.current().kind !== 'ok') {
      o.onState({ connection: { kind: 'loading' } });
    }
    let status: IServerStatus;
    try {
      status = await o.status(force);
    } catch (error) {
      if (generation !== this._generation) {
        return;
      }
      const missing =
        (error as { kind?: string })?.kind === 'missing-server-extension';
      o.onState({
        connection: {
          kind: 'error',
          message: missing ? missingServerExtension(o.trans) : messageOf(error),
          missingServerExtension: missing
        }
      });
      o.onDown();
      return;
    }
    if (generation !== this._generation) {
      return;
    }
    o.onState({
      connection: status.reachable
        ? { kind: 'ok', status }
        : { kind: 'unreachable', status },
      versionWarning: versionMismatch(o.frontendVersion, status, o.trans)
    });
    if (!status.reachable) {
      o.onDown();
      return;
    }
    await o.onReachable();
  }

  /**
   * A list failed: when the store stopped answering, check the connection,
   * so the header says so and the lists are marked as not current.
   */
  recheckIfDown(error: unknown): void {
    const kind = (error as { kind?: string })?.kind;
    // Once per few seconds: a status that says "reachable" while lists fail
    // must not start a loop of checks.
    if (
      (kind === 'unreachable' || kind === 'network') &&
      Date.now() - this._startedMs > RECHECK_AFTER_MS
    ) {
      void this.check(true);
    }
  }

  private readonly _options: IConnectionCheckOptions;
  private _generation = 0;
  private _startedMs = 0;
}
