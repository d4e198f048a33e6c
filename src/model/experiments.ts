/**
 * Experiments from `POST /api/2.0/mlflow/experiments/search` (for the
 * sidebar). Not part of the notebook-output contract, hence its own types.
 */

import { keyValuesToRawRecord } from './attributes';
import { isRecord, setKey, toNumber, toStr } from './json';

export interface IExperimentSummary {
  experimentId: string;
  name: string;
  lifecycleStage?: string;
  artifactLocation?: string;
  /** Epoch milliseconds. */
  creationTime?: number;
  lastUpdateTime?: number;
  tags: Record<string, string>;
}

export interface IExperimentPage {
  experiments: IExperimentSummary[];
  nextPageToken?: string;
}

/** One experiment; null when it has no id. */
export function parseExperiment(raw: unknown): IExperimentSummary | null {
  if (!isRecord(raw)) {
    return null;
  }
  const id = toStr(raw.experiment_id);
  if (id === undefined || id === '') {
    return null;
  }
  const tags: Record<string, string> = {};
  const rawTags = keyValuesToRawRecord(raw.tags);
  for (const key of Object.keys(rawTags)) {
    const v = toStr(rawTags[key]);
    if (v !== undefined) {
      setKey(tags, key, v);
    }
  }
  const exp: IExperimentSummary = {
    experimentId: id,
    name: toStr(raw.name) ?? id,
    tags
  };
  const stage = toStr(raw.lifecycle_stage);
  if (stage !== undefined) {
    exp.lifecycleStage = stage;
  }
  const loc = toStr(raw.artifact_location);
  if (loc !== undefined) {
    exp.artifactLocation = loc;
  }
  const created = toNumber(raw.creation_time);
  if (created !== undefined) {
    exp.creationTime = created;
  }
  const updated = toNumber(raw.last_update_time);
  if (updated !== undefined) {
    exp.lastUpdateTime = updated;
  }
  return exp;
}

/** A search response body to a page of experiments. Never throws. */
export function experimentsFromSearch(body: unknown): IExperimentPage {
  const page: IExperimentPage = { experiments: [] };
  if (!isRecord(body)) {
    return page;
  }
  if (Array.isArray(body.experiments)) {
    for (const item of body.experiments) {
      const exp = parseExperiment(item);
      if (exp) {
        page.experiments.push(exp);
      }
    }
  }
  const token = toStr(body.next_page_token);
  if (token) {
    page.nextPageToken = token;
  }
  return page;
}
