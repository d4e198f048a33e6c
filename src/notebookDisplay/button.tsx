import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, ToolbarButtonComponent } from '@jupyterlab/ui-components';
import React from 'react';

import { mlflowTraceIcon } from '../icons';
import { Translated } from '../translation';
import type { DisplaySwitchController } from './controller';
import { traceDisplayOffIcon } from './icons';
import { switchView } from './switchView';

/**
 * The notebook toolbar button of the display switch. It belongs to one
 * notebook (not to the current one), so side-by-side notebooks each show
 * their own state.
 */
export class DisplaySwitchButton extends ReactWidget {
  constructor(
    private readonly _controller: DisplaySwitchController,
    private readonly _trans: TranslationBundle
  ) {
    super();
    this.addClass('jp-MlflowTraces-displaySwitch');
    _controller.changed.connect(this.update, this);
  }

  dispose(): void {
    this._controller.changed.disconnect(this.update, this);
    super.dispose();
  }

  render(): JSX.Element {
    const view = switchView(this._trans, this._controller.facts());
    return (
      <Translated trans={this._trans}>
        <ToolbarButtonComponent
          className="jp-MlflowTraces-displaySwitchButton"
          dataset={{ 'mlflow-trace-display': view.on ? 'on' : 'off' }}
          icon={view.on ? mlflowTraceIcon : traceDisplayOffIcon}
          label={view.label}
          tooltip={view.tooltip}
          pressed={view.on}
          onClick={() => void this._controller.toggle()}
        />
      </Translated>
    );
  }
}
