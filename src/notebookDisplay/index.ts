export { notebookDisplayPlugin } from './plugin';
export { readSwitchSettings } from './settings';
export {
  INotebookTraceContext,
  INotebookTraceContextArgs,
  METADATA_KEY,
  NOTEBOOK_DISPLAY_PLUGIN_ID,
  TOGGLE_COMMAND
} from './tokens';
