/**
 * "Compare with…": a dialog listing the traces of this notebook and of the
 * current experiment, with a filter. A native `<select size>` list: arrows,
 * Home/End and type-ahead come with it, and Enter accepts the dialog.
 */
import { Dialog, showDialog } from '@jupyterlab/apputils';
import { filterIcon, InputGroup, ReactWidget } from '@jupyterlab/ui-components';
import React, { useState } from 'react';

import {
  formatTimestamp,
  revealInvisibleText
} from '../components/state/format';
import type { TranslationBundle } from '../components/i18n';
import { Translated } from '../translation';
import type { ICandidate } from './sources';
import { pickerStrings, type PickerStrings } from './strings';

interface IPickerProps {
  strings: PickerStrings;
  candidates: ICandidate[];
  /** Why the experiment's traces are not listed, when they are not. */
  experimentNote: string | null;
  onChange: (traceId: string | null) => void;
}

function label(c: ICandidate): string {
  const when = c.startMs !== null ? ` · ${formatTimestamp(c.startMs)}` : '';
  // Option text is plain text: invisible characters are written as codes.
  return revealInvisibleText(
    `${c.name} · ${c.state} · ${c.source}${when} · ${c.traceId}`
  );
}

function PickerList(props: IPickerProps): JSX.Element {
  const S = props.strings;
  const [filter, setFilter] = useState('');
  const [value, setValue] = useState<string>('');
  const needle = filter.trim().toLowerCase();
  const shown = props.candidates.filter(
    c => !needle || label(c).toLowerCase().includes(needle)
  );
  const groups: [string, ICandidate[]][] = [
    [S.notebookGroup, shown.filter(c => c.group === 'notebook')],
    [S.experimentGroup, shown.filter(c => c.group === 'experiment')]
  ];
  const pick = (traceId: string) => {
    setValue(traceId);
    props.onChange(traceId || null);
  };
  return (
    <div className="jp-MlflowCompare-picker">
      <InputGroup
        type="search"
        className="jp-MlflowCompare-pickerFilter"
        placeholder={S.filter}
        aria-label={S.filter}
        value={filter}
        rightIcon={filterIcon}
        onChange={e => setFilter(e.currentTarget.value)}
      />
      {shown.length === 0 ? (
        <div className="jp-MlflowCompare-muted" role="status">
          {S.none}
        </div>
      ) : (
        // A native listbox, not ui-components' HTMLSelect: HTMLSelect is a
        // one-line dropdown (24 px tall, a caret drawn over it); this list
        // shows a dozen rows at once, with arrows, Home/End and type-ahead.
        <select
          size={Math.min(12, shown.length + 2)}
          className="jp-MlflowCompare-pickerList"
          aria-label={S.listLabel}
          value={value}
          onChange={e => pick(e.currentTarget.value)}
        >
          {groups.map(
            ([title, list]) =>
              list.length > 0 && (
                <optgroup key={title} label={title}>
                  {list.map(c => (
                    <option key={`${c.group}:${c.traceId}`} value={c.traceId}>
                      {label(c)}
                    </option>
                  ))}
                </optgroup>
              )
          )}
        </select>
      )}
      {props.experimentNote && (
        <div className="jp-MlflowCompare-muted">{props.experimentNote}</div>
      )}
    </div>
  );
}

class PickerBody
  extends ReactWidget
  implements Dialog.IBodyWidget<string | null>
{
  constructor(
    private readonly _candidates: ICandidate[],
    private readonly _note: string | null,
    private readonly _trans: TranslationBundle
  ) {
    super();
  }

  getValue(): string | null {
    return this._value;
  }

  render(): JSX.Element {
    return (
      <Translated trans={this._trans}>
        <PickerList
          strings={pickerStrings(this._trans)}
          candidates={this._candidates}
          experimentNote={this._note}
          onChange={v => (this._value = v)}
        />
      </Translated>
    );
  }

  private _value: string | null = null;
}

/** The trace id the user picked, or null when cancelled or none was picked. */
export async function pickTrace(
  other: string,
  candidates: ICandidate[],
  experimentNote: string | null,
  trans: TranslationBundle
): Promise<string | null> {
  const S = pickerStrings(trans);
  const result = await showDialog({
    title: S.title(other),
    body: new PickerBody(candidates, experimentNote, trans),
    buttons: [Dialog.cancelButton(), Dialog.okButton({ label: S.compare })],
    focusNodeSelector: 'select'
  });
  return result.button.accept ? result.value : null;
}
