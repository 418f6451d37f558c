export * from './types';
export { simulate, waitPercentileMs } from './simulate';
export {
  parseTraceCsv,
  formatTraceCsv,
  generateTidalTrace,
  resampleTrace,
  tidalShape,
  TidalModel,
  TidalTraceOptions,
} from './trace';
export { parsePrices, examplePrices } from './prices';
export { renderCharts, renderChart, ChartSpec, ChartSeries } from './charts';
export { formatSummary } from './summary';
export {
  runSimulateCommand,
  SimulateCommandArgs,
  CommandIo,
  writeDirAtomically,
  summaryJson,
} from './cli';
export {
  checkSimVersions,
  resolveVersion,
  ResolvedVersion,
  KNATIVE_AUTOSCALER_DEFAULTS,
  DEFAULT_START_DELAY,
  DEFAULT_ECS_POOL,
  TICK_SECONDS,
} from './resolve';
