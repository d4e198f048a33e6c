/**
 * Which keys the viewer keeps. JupyterLab matches its shortcuts on
 * `document` while a keydown bubbles (it starts Lumino with
 * `bubblingKeydown`), so a viewer handler that acts on a key stops it
 * there, and every key it does not act on (Shift+Enter, Ctrl+S, Escape...)
 * still reaches the notebook.
 */
import type React from 'react';

type KeyEvent = Pick<
  KeyboardEvent,
  'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'
>;

/** Ctrl, Alt, Meta or Shift is held: such chords belong to JupyterLab. */
export function hasModifier(e: KeyEvent): boolean {
  return e.ctrlKey || e.metaKey || e.altKey || e.shiftKey;
}

/** The viewer acted on this key: no default action, no notebook shortcut. */
export function keepKey(e: React.KeyboardEvent): void {
  e.preventDefault();
  e.stopPropagation();
}

/** Controls whose own (default) action is Enter, and Space. */
const ENTER_ACTIVATES = 'button, a[href], summary';
const SPACE_ACTIVATES =
  'button, summary, input[type="checkbox"], input[type="radio"]';

/**
 * Enter and Space on a button, link or checkbox are the control's own key:
 * stop them before a notebook shortcut can cancel the click, but keep the
 * default action (the click itself). Any other key goes on bubbling.
 */
export function keepActivationKeys(e: React.KeyboardEvent): void {
  if (hasModifier(e) || !(e.target instanceof Element)) {
    return;
  }
  const selector =
    e.key === 'Enter'
      ? ENTER_ACTIVATES
      : e.key === ' '
        ? SPACE_ACTIVATES
        : null;
  if (selector && e.target.matches(selector)) {
    e.stopPropagation();
  }
}

export interface ISearchBox {
  /** What the box holds now. */
  text: string;
  /** The debounced query still lags the text (it will jump by itself). */
  pending: boolean;
  gotoMatch: (delta: 1 | -1) => void;
  clear: () => void;
}

/**
 * The span search box keeps Enter (next match) and Shift+Enter (previous
 * match: typing in a search box, it is not "run the cell"), Escape while
 * it holds text (clears it; in an empty box Escape goes to the notebook),
 * and Ctrl/Cmd+Z (undoes its own text, not the notebook's last cell
 * action).
 */
export function onSearchKey(e: React.KeyboardEvent, box: ISearchBox): void {
  if (e.key === 'Enter' && !(e.ctrlKey || e.metaKey || e.altKey)) {
    keepKey(e);
    if (!box.pending) {
      box.gotoMatch(e.shiftKey ? -1 : 1);
    }
  } else if (e.key === 'Escape' && !hasModifier(e) && box.text) {
    keepKey(e);
    box.clear();
  } else if (
    (e.ctrlKey || e.metaKey) &&
    !e.altKey &&
    e.key.toLowerCase() === 'z'
  ) {
    e.stopPropagation(); // the browser's own undo/redo of the text
  }
}
