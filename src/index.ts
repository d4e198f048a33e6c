import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Notification } from '@jupyterlab/apputils';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator } from '@jupyterlab/translation';

// Activation needs these at once: it registers the renderer factories and the
// services before the first notebook renders, and the REST client's words
// (they are small, and start-up loads them anyway; the viewer is lazy).
// eslint-disable-next-line jupyter/prefer-lazy-imports
import { setTransportTranslation } from './api';
// eslint-disable-next-line jupyter/prefer-lazy-imports
import { TraceServices } from './context';
// eslint-disable-next-line jupyter/prefer-lazy-imports
import { createHtmlFactory, createTraceFactories } from './factories';
import { HTML_MIME } from './model/types';
import { readSettings } from './settings';
import { ITraceServices } from './tokens';
import { CommandIDs } from './sidebar/tokens';
import { loadTrans } from './translation';
import './icons';
import { notebookDisplayPlugin } from './notebookDisplay';

export const PLUGIN_ID = 'jupyterlab-mlflow-traces:plugin';

/**
 * Native renderers for MLflow trace outputs, and the one owner of the viewer
 * settings: it reads them, sends the Tracking URI to the server (the only
 * `PUT connection` in the frontend) and announces both through ITraceServices.
 */
const renderersPlugin: JupyterFrontEndPlugin<ITraceServices> = {
  id: PLUGIN_ID,
  description: 'Render MLflow traces natively in notebook outputs.',
  autoStart: true,
  provides: ITraceServices,
  requires: [IRenderMimeRegistry],
  optional: [ISettingRegistry, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    rendermime: IRenderMimeRegistry,
    settingRegistry: ISettingRegistry | null,
    translator: ITranslator | null
  ): ITraceServices => {
    const trans = loadTrans(translator);
    setTransportTranslation(trans);
    const services = new TraceServices();
    services.openTrace = traceId => {
      if (app.commands.hasCommand(CommandIDs.openTrace)) {
        void app.commands.execute(CommandIDs.openTrace, { traceId });
      }
    };
    for (const factory of createTraceFactories(services)) {
      rendermime.addFactory(factory, factory.defaultRank);
    }
    const stockHtml = rendermime.getFactory(HTML_MIME);
    if (stockHtml) {
      rendermime.addFactory(
        createHtmlFactory(stockHtml, services),
        rendermime.getRank(HTML_MIME)
      );
    }

    // The URI itself is not repeated: the user's setting may hold credentials.
    services.connectionChanged.connect((_, { error }) => {
      if (error) {
        Notification.warning(
          trans.__(
            'MLflow traces: the Tracking URI setting was not applied: %1',
            error.message
          ),
          { autoClose: false }
        );
      }
    });
    if (!settingRegistry) {
      services.settingsUnavailable();
      return services;
    }
    settingRegistry
      .load(PLUGIN_ID)
      .then(settings => {
        const apply = () =>
          void services.applySettings(
            readSettings(settings.composite as Record<string, unknown>)
          );
        apply();
        settings.changed.connect(apply);
      })
      .catch(error => {
        console.warn(`MLflow traces: settings not loaded: ${error.message}`);
        services.settingsUnavailable();
      });
    return services;
  }
};

export { ITraceServices } from './tokens';

import { sidebarPlugin } from './sidebar';
import { traceFilePlugin } from './traceFile';
import { comparePlugin } from './compare';

export default [
  renderersPlugin,
  notebookDisplayPlugin,
  sidebarPlugin,
  traceFilePlugin,
  comparePlugin
];
