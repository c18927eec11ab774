export {
  EsdbDouble,
  type DoubleCallCounts,
  type DoubleServerFeatures,
  type EsdbDoubleOptions,
} from './esdb-double';
export type { StoredEvent } from './double-log';
