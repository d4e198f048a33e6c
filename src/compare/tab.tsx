/**
 * The comparison's main-area tab: two traces, A before B, compared once and
 * shown by CompareView; "Swap A and B" compares the other way round.
 */
import { MainAreaWidget } from '@jupyterlab/apputils';
import { ReactWidget } from '@jupyterlab/ui-components';
import React from 'react';

import { CompareView } from '../components/compare/CompareView';
import { compareTraces, ITraceComparison } from '../model/compare';
import type { ITrace } from '../model/types';
import type { TranslationBundle } from '../components/i18n';
import { mlflowTraceIcon } from '../icons';
import { Translated } from '../translation';
import { compareStrings } from './strings';

export interface ICompared {
  trace: ITrace;
  source?: string;
}

let views = 0;

export class CompareContent extends ReactWidget {
  constructor(
    private _a: ICompared,
    private _b: ICompared,
    private readonly _trans: TranslationBundle
  ) {
    super();
    this.addClass('jp-MlflowCompare-host');
    this._comparison = compareTraces(_a.trace, _b.trace);
  }

  swap(): void {
    [this._a, this._b] = [this._b, this._a];
    this._comparison = compareTraces(this._a.trace, this._b.trace);
    this._generation++;
    this.update();
  }

  protected render(): JSX.Element {
    return (
      <Translated trans={this._trans}>
        <CompareView
          // A new comparison starts with its own selection and filter.
          key={this._generation}
          a={this._a.trace}
          b={this._b.trace}
          sourceA={this._a.source}
          sourceB={this._b.source}
          comparison={this._comparison}
          onSwap={() => this.swap()}
          idPrefix={this._idPrefix}
        />
      </Translated>
    );
  }

  private _comparison: ITraceComparison;
  private _generation = 0;
  private readonly _idPrefix = `jp-MlflowCompare-${++views}`;
}

/** Tab id of the comparison of two trace ids (one tab per ordered pair). */
export function compareTabId(a: string, b: string): string {
  return `jp-mlflow-compare-${encodeURIComponent(a)}-${encodeURIComponent(b)}`;
}

export function createCompareTab(
  a: ICompared,
  b: ICompared,
  trans: TranslationBundle
): MainAreaWidget<CompareContent> {
  const S = compareStrings(trans);
  const content = new CompareContent(a, b, trans);
  const widget = new MainAreaWidget({ content });
  widget.id = compareTabId(a.trace.traceId, b.trace.traceId);
  widget.addClass('jp-MlflowCompare-panel');
  widget.title.icon = mlflowTraceIcon;
  const nameA = a.trace.name || a.trace.traceId;
  const nameB = b.trace.name || b.trace.traceId;
  widget.title.label = S.tabLabel(nameA, nameB);
  widget.title.caption = S.tabCaption(a.trace.traceId, b.trace.traceId);
  widget.title.closable = true;
  return widget;
}
