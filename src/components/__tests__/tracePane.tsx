/**
 * Test helper: the sidebar's trace list, loaded with `items`, rendered by
 * the real TracePane component.
 */
import React from 'react';
import { render, screen } from '@testing-library/react';

import type { ITraceSummary } from '../../model/types';
import { TracePane } from '../sidebar/TracePane';

/** Render the list and return its listbox. */
export function renderTracePane(
  items: ITraceSummary[],
  experimentId = '7'
): HTMLElement {
  render(
    <TracePane
      connected={true}
      experimentId={experimentId}
      experiment={{ experimentId, name: 'e', tags: {} }}
      followedExperimentId={null}
      query={{ status: '', text: '', orderBy: 'timestamp_ms DESC' }}
      waitingForTraces={false}
      traces={{
        items,
        nextPageToken: null,
        loading: 'idle',
        error: null,
        loaded: true,
        textFilter: 'full-text',
        refreshError: null
      }}
      onQuery={() => undefined}
      onOpenTrace={() => undefined}
      onLoadMore={() => undefined}
      onReload={() => undefined}
      onRetryMore={() => undefined}
    />
  );
  return screen.getByRole('listbox', { name: 'Traces' });
}
