/**
 * What the switch's toolbar button says: its label and the tooltip that
 * explains what the kernel will do with traces. Words only, through the
 * translation bundle; the facts come from the switch (controller.ts) and its
 * kernel channel (kernelChannel.ts).
 */
import type { TranslationBundle } from '@jupyterlab/translation';

import type { HookFailure, KernelKind } from './kernelChannel';
import { IKernelDisplayState, KERNEL_API_VERSION } from './kernelCode';

/** What the switch knows when the button is drawn. */
export interface ISwitchFacts {
  /** What the button shows: the kernel's real flag, else the notebook's choice. */
  on: boolean;
  kind: KernelKind;
  /** The kernel's last report; null before one. */
  state: IKernelDisplayState | null;
  hookFailure: HookFailure | null;
  /** Why the kernel did not answer the last request, or null. */
  noAnswer: string | null;
  autoLoadKernelHook: boolean;
  /** Clients of the kernel (notebooks, consoles, windows). */
  clients: number;
}

/** What the toolbar button and the command show. */
export interface ISwitchView {
  on: boolean;
  label: string;
  tooltip: string;
}

export function switchView(
  trans: TranslationBundle,
  facts: ISwitchFacts
): ISwitchView {
  const { on, state } = facts;
  const lines = [
    on
      ? trans.__(
          'MLflow trace display is on for this notebook. Click to turn it off: the kernel gets mlflow.tracing.disable_notebook_display() and trace outputs fold to one line.'
        )
      : trans.__(
          'MLflow trace display is off for this notebook. Click to turn it on: the kernel gets mlflow.tracing.enable_notebook_display() and trace outputs unfold.'
        )
  ];
  switch (facts.kind) {
    case 'none':
      lines.push(
        trans.__(
          'No kernel: the choice is saved in the notebook and applied when a Python kernel starts.'
        )
      );
      break;
    case 'pending':
      lines.push(trans.__('Waiting for the kernel.'));
      break;
    case 'other':
      lines.push(
        trans.__(
          'The kernel is not Python: only the outputs are folded; the choice is saved in the notebook.'
        )
      );
      break;
    case 'python':
      if (state) {
        lines.push(...kernelLines(trans, facts, state));
      } else if (facts.noAnswer !== null) {
        lines.push(
          trans.__(
            'The kernel did not answer (%1): the choice is saved in the notebook and applied when the kernel runs again.',
            facts.noAnswer
          )
        );
      } else {
        lines.push(trans.__('Reading the kernel state…'));
      }
      break;
  }
  if (facts.clients > 1) {
    lines.push(
      trans._n(
        "This kernel is shared by %1 client (notebooks, consoles or other windows): MLflow's display flag belongs to the kernel, so the switch applies to it.",
        "This kernel is shared by %1 clients (notebooks, consoles or other windows): MLflow's display flag belongs to the kernel, so the switch applies to all of them.",
        facts.clients
      )
    );
  }
  return {
    on,
    label: on ? trans.__('Traces') : trans.__('Traces off'),
    tooltip: lines.join('\n')
  };
}

/** Why the hook could not be loaded, in words. */
export function hookFailureText(
  trans: TranslationBundle,
  failure: HookFailure
): string {
  switch (failure.kind) {
    case 'source':
      return trans.__('its source could not be fetched (%1)', failure.message);
    case 'error':
      return `${failure.ename}: ${failure.evalue}`;
    case 'no-answer':
      return trans.__('the kernel did not answer (%1)', failure.message);
  }
}

/** What the kernel will do with traces, as far as its report tells. */
function kernelLines(
  trans: TranslationBundle,
  facts: ISwitchFacts,
  state: IKernelDisplayState
): string[] {
  const lines: string[] = [];
  if (state.otherHookApi !== null) {
    lines.push(
      trans.__(
        "This kernel already has an MLflow traces hook of API version %1 (e.g. another version of jupyterlab_mlflow_traces loaded with %%load_ext); this JupyterLab speaks version %2, so it leaves that hook alone and the switch only calls MLflow's enable/disable_notebook_display(). Restart the kernel without loading that package to get this JupyterLab's hook.",
        state.otherHookApi,
        KERNEL_API_VERSION
      )
    );
  } else if (!state.hook && facts.hookFailure) {
    lines.push(
      trans.__(
        "The kernel hook could not be loaded: %1. MLflow's own display applies (nothing for non-HTTP stores).",
        hookFailureText(trans, facts.hookFailure)
      )
    );
  } else if (!state.hook) {
    lines.push(
      facts.autoLoadKernelHook
        ? trans.__(
            'The kernel hook is not loaded: traces are not embedded in outputs.'
          )
        : trans.__(
            'The kernel hook is not loaded (automatic loading is off in Settings; %%load_ext jupyterlab_mlflow_traces loads it): traces are not embedded in outputs, and MLflow shows nothing for non-HTTP stores.'
          )
    );
  }
  if (!state.mlflowImported) {
    lines.push(
      state.hook
        ? trans.__(
            'mlflow is not imported yet: the switch is applied when your code imports it.'
          )
        : trans.__(
            'mlflow is not imported yet: the switch is applied after the cell that imports it.'
          )
    );
    if (state.hook && facts.on) {
      lines.push(
        state.nonHttp
          ? trans.__(
              'Traces will be displayed with the full trace embedded, whatever the tracking store (http, sqlite, file).'
            )
          : trans.__(
              'Traces will be displayed only with an http(s) tracking server: non-HTTP stores are off in Settings (MLflow traces: notebook display switch).'
            )
      );
    }
    return lines;
  }
  lines.push(kernelReportLine(trans, state));
  if (state.displayEnabled === false) {
    return lines;
  }
  const uri = state.trackingUri ?? '';
  const http = /^https?:/i.test(uri);
  const databricks = /^databricks/i.test(uri);
  if (state.hook && !state.patched) {
    // The status is the kernel's own words (Python stays English).
    lines.push(trans.__('Traces are not embedded: %1.', state.patchStatus));
  } else if (state.hook && databricks) {
    lines.push(trans.__('Databricks displays its own trace outputs.'));
  } else if (state.hook && (http || state.nonHttp)) {
    lines.push(
      http
        ? trans.__('Traces are displayed inline with the full trace embedded.')
        : trans.__(
            'Traces are displayed inline with the full trace embedded (MLflow alone shows nothing for a non-HTTP store).'
          )
    );
  } else if (state.hook) {
    lines.push(
      trans.__(
        "Traces of this store are not displayed: MLflow displays only with an http(s) tracking server. Turn on 'Display traces with non-HTTP tracking stores too' in Settings (MLflow traces: notebook display switch)."
      )
    );
  } else if (uri && !http && !databricks) {
    lines.push(trans.__('MLflow displays nothing for this non-HTTP store.'));
  }
  return lines;
}

/** "Kernel: mlflow 3.17.2, display enabled, tracking URI …, experiment 7." as whole sentences. */
function kernelReportLine(
  trans: TranslationBundle,
  state: IKernelDisplayState
): string {
  const mlflow = state.mlflowVersion
    ? trans.__('mlflow %1', state.mlflowVersion)
    : trans.__('mlflow');
  const display =
    state.displayEnabled === false
      ? trans.__('display disabled')
      : trans.__('display enabled');
  const uri = state.trackingUri;
  const experiment = state.experimentId;
  if (uri && experiment) {
    return trans.__(
      'Kernel: %1, %2, tracking URI %3, experiment %4.',
      mlflow,
      display,
      uri,
      experiment
    );
  }
  if (uri) {
    return trans.__('Kernel: %1, %2, tracking URI %3.', mlflow, display, uri);
  }
  if (experiment) {
    return trans.__(
      'Kernel: %1, %2, experiment %3.',
      mlflow,
      display,
      experiment
    );
  }
  return trans.__('Kernel: %1, %2.', mlflow, display);
}
