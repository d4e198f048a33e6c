export { sidebarPlugin } from './plugin';
export { IMlflowTracesSidebar, CommandIDs, SIDEBAR_PLUGIN_ID } from './tokens';
