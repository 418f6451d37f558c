export * from './types';
export { simulate, waitPercentileMs } from './simulate';
export {
  parseTraceCsv,
  formatTraceCsv,
  generateTidalTrace,
  resampleTrace,
  tidalShape,
} from './trace';
export type { TidalModel, TidalTraceOptions } from './trace';
export { parsePrices, examplePrices } from './prices';
export { renderCharts, renderChart } from './charts';
export type { ChartSpec, ChartSeries } from './charts';
export { formatSummary, formatLatency } from './summary';
export { DEFAULT_STARTUP, startupBreakdown } from './startup';
export type { StartupTarget } from './startup';
export { latencyPercentileMs, LATENCY_BIN_RATIO } from './latency-histogram';
export { checkSloResult } from './service-figures';
export { runSimulateCommand, summaryJson } from './cli';
export type { SimulateCommandArgs, CommandIo } from './cli';
export {
  checkSimVersions,
  resolveVersion,
  KNATIVE_AUTOSCALER_DEFAULTS,
  DEFAULT_START_DELAY,
  DEFAULT_ECS_POOL,
  TICK_SECONDS,
} from './resolve';
export type { ResolvedVersion } from './resolve';
