import { IRenderMime } from '@jupyterlab/rendermime-interfaces';

import type { ITraceServices } from './tokens';
import {
  DATABRICKS_TRACE_MIME,
  HTML_MIME,
  MLFLOW_TRACE_MIME
} from './model/types';
import { createIframeAwareRenderer } from './iframeOutput';
import { TraceRenderer } from './renderer';

/** Lower ranks win: embedded traces beat every other type in the bundle, HTML included. */
export const RANK_EMBEDDED = 20;
export const RANK_DATABRICKS = 21;

/**
 * Renderer factories for MLflow's payloads. All are `safe`: they never inject
 * HTML from the data, so reopened (untrusted) notebooks render them too.
 */
export function createTraceFactories(
  services: ITraceServices
): IRenderMime.IRendererFactory[] {
  return [
    {
      safe: true,
      mimeTypes: [MLFLOW_TRACE_MIME],
      defaultRank: RANK_EMBEDDED,
      createRenderer: options => new TraceRenderer(options, services)
    },
    {
      safe: true,
      mimeTypes: [DATABRICKS_TRACE_MIME],
      defaultRank: RANK_DATABRICKS,
      createRenderer: options => new TraceRenderer(options, services)
    }
  ];
}

/**
 * JupyterLab's `text/html` factory, decorated: every HTML output still gets
 * the stock renderer (see iframeOutput.ts for why and how); MLflow's notebook
 * iframe is shown natively inside it.
 */
export function createHtmlFactory(
  stock: IRenderMime.IRendererFactory,
  services: ITraceServices
): IRenderMime.IRendererFactory {
  return {
    safe: stock.safe,
    mimeTypes: [HTML_MIME],
    defaultRank: stock.defaultRank,
    createRenderer: options =>
      createIframeAwareRenderer(stock, options, services)
  };
}
