/**
 * The one door to the kernel hook's source: a lazy chunk fetched when the first
 * Python kernel needs the hook (the source is sent to kernels, not run here).
 */
export interface IHookFiles {
  /**
   * The `kernel_hook` package: JSON `{module name: source}` ('' for its
   * `__init__.py`), which kernel_loader.py runs as that package in the kernel.
   */
  hookSource: string;
  /** kernel_loader.py: runs the hook's source as a module in the kernel. */
  loaderSource: string;
}

let files: Promise<IHookFiles> | null = null;

/** The hook's files, fetched once; after a failed fetch the next call tries again. */
export function loadHookFiles(): Promise<IHookFiles> {
  if (!files) {
    files = import('./hookFiles');
    files.catch(() => (files = null));
  }
  return files;
}
