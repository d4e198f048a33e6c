/**
 * A trace file's document content: the trace viewer over a `.json` file,
 * read-only, following the file when it changes on disk. Lazy (reached
 * through `loadTraceFiles()`); the viewer and the parse come through
 * `loadViewer()`.
 */
import type { DocumentRegistry } from '@jupyterlab/docregistry';
import { ReactWidget } from '@jupyterlab/ui-components';
import { Message } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';
import React from 'react';

import type { RenderMarkdownFn } from '../components/hooks';
import type { TranslationBundle } from '../components/i18n';
import { PaneMessage } from '../components/sidebar/controls';
import {
  TraceTabState,
  TraceTabView
} from '../components/sidebar/TraceTabView';
import { loadTrans, Translated } from '../translation';
import { loadViewer } from '../viewerLoader';
import { fileErrorMessage, noTraceMessage, readTraceFile } from './payload';

/** Loading, why the file is no trace, or its traces (as a trace tab holds them). */
type TraceFileState = TraceTabState;

export interface ITraceFileOptions {
  renderMarkdown?: RenderMarkdownFn;
  /** Read when a file opens (the user's setting at that time). */
  defaultExpandDepth?: () => number | undefined;
  /** The file tab's words (its views get them by context); English without it. */
  trans?: TranslationBundle;
}

/** The viewer of the trace a file holds, or why the file is not one. */
export class TraceFileContent extends ReactWidget {
  constructor(
    private readonly _context: DocumentRegistry.Context,
    private readonly _options: ITraceFileOptions
  ) {
    super();
    this._trans = _options.trans ?? loadTrans(null);
    this.addClass('jp-MlflowTraceTab');
    this.addClass('jp-MlflowTraceFile');
    void _context.ready.then(() => {
      void this.read();
      _context.model.contentChanged.connect(() => void this.read(), this);
    });
  }

  /** Parse the file's current text (again). */
  async read(): Promise<void> {
    const generation = ++this._generation;
    const trans = this._trans;
    const file = readTraceFile(this._context.model.toString(), trans);
    let state: TraceFileState;
    if (!file.ok) {
      state = { kind: 'error', message: file.message };
    } else {
      try {
        const viewer = await loadViewer();
        const result = viewer.parseMimeBundle(file.bundle);
        state =
          result.kind === 'traces'
            ? {
                kind: 'done',
                traces: result.traces,
                raw: file.raw,
                trackingUri: result.trackingUri ?? '',
                Viewer: viewer.TraceViewer
              }
            : {
                kind: 'error',
                message:
                  result.kind === 'error'
                    ? fileErrorMessage(result.error.message, trans)
                    : noTraceMessage(trans)
              };
      } catch (error) {
        state = {
          kind: 'error',
          message: trans.__(
            'MLflow trace viewer failed to load: %1',
            (error as Error).message
          )
        };
      }
    }
    if (generation === this._generation && !this.isDisposed) {
      this._state = state;
      this.update();
    }
  }

  protected onResize(msg: Widget.ResizeMessage): void {
    this.measure(msg.height >= 0 ? msg.height : this.node.clientHeight);
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    this.measure(this.node.clientHeight);
  }

  protected render(): JSX.Element {
    return <Translated trans={this._trans}>{this._content()}</Translated>;
  }

  private _content(): JSX.Element {
    const state = this._state;
    const trans = this._trans;
    const path = this._context.path;
    if (state.kind !== 'done') {
      return (
        <div className="jp-MlflowTraceTab-message">
          <PaneMessage
            kind={state.kind}
            title={
              state.kind === 'loading'
                ? trans.__('Reading %1…', path)
                : trans.__('%1 cannot be shown as an MLflow trace', path)
            }
            detail={state.kind === 'error' ? state.message : undefined}
            action={
              state.kind === 'error'
                ? {
                    label: trans.__('Read again'),
                    onClick: () => void this.read()
                  }
                : undefined
            }
          />
        </div>
      );
    }
    return (
      <TraceTabView
        traceId={this._context.path}
        state={state}
        height={this._height - 2}
        defaultExpandDepth={this._options.defaultExpandDepth?.()}
        renderMarkdown={this._options.renderMarkdown}
        onRetry={() => void this.read()}
      />
    );
  }

  private measure(height: number): void {
    if (height > 0 && height !== this._height) {
      this._height = height;
      this.update();
    }
  }

  private readonly _trans: TranslationBundle;
  private _state: TraceFileState = { kind: 'loading' };
  private _height = 600;
  private _generation = 0;
}
