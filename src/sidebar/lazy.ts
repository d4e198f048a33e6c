/**
 * The sidebar's chunk, fetched through `loadSidebar()` (src/viewerLoader.ts)
 * the first time the sidebar is shown, follows a notebook, or a trace tab
 * opens: its model and paged queries, its React lists, the trace and session
 * tabs (widgets and views), and the reading of trace ids in cell
 * outputs. Start-up keeps the shell (widget.tsx), the commands and the follow
 * wiring (plugin.ts).
 */
import '../../style/sidebar.css';

export { SidebarModel } from './model/sidebarModel';
export { SidebarContainer } from '../components/sidebar/Sidebar';
export { TraceTabView } from '../components/sidebar/TraceTabView';
export { SessionView } from '../components/sidebar/SessionView';
export { tracesInOutputs } from './cellTraces';
export { createTraceTab } from './traceTab';
export { createSessionTab, sessionTabId } from './sessionTab';
