import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ISettingRegistry } from '@jupyterlab/settingregistry';

import { TraceServices } from './context';
import { createHtmlFactory, createTraceFactories } from './factories';
import { HTML_MIME } from './model';
import { readSettings } from './settings';
import { ITraceServices } from './tokens';
import './icons';
import { notebookDisplayPlugin } from './notebookDisplay';

export const PLUGIN_ID = 'jupyterlab-mlflow-traces:plugin';

/**
 * Native renderers for MLflow trace outputs, configured by the user's settings.
 */
const renderersPlugin: JupyterFrontEndPlugin<TraceServices> = {
  id: PLUGIN_ID,
  description: 'Render MLflow traces natively in notebook outputs.',
  autoStart: true,
  provides: ITraceServices,
  requires: [IRenderMimeRegistry],
  optional: [ISettingRegistry],
  activate: (
    app: JupyterFrontEnd,
    rendermime: IRenderMimeRegistry,
    settingRegistry: ISettingRegistry | null
  ): TraceServices => {
    const services = new TraceServices();
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

    if (settingRegistry) {
      settingRegistry
        .load(PLUGIN_ID)
        .then(settings => {
          const apply = () => {
            const previous = services.settings.trackingUri;
            services.settings = readSettings(settings.composite as any);
            if (services.settings.trackingUri !== previous) {
              services
                .applyTrackingUriSetting(services.settings.trackingUri)
                .catch(error =>
                  console.warn(
                    `MLflow traces: tracking URI setting not applied: ${error.message}`
                  )
                );
            }
          };
          apply();
          settings.changed.connect(apply);
        })
        .catch(error =>
          console.warn(`MLflow traces: settings not loaded: ${error.message}`)
        );
    }
    return services;
  }
};

export { ITraceServices } from './tokens';

import { sidebarPlugin } from './sidebar';

export default [renderersPlugin, notebookDisplayPlugin, sidebarPlugin];
