import * as sim from '../../lib/sim';

test('the entry point exports the simulator API', () => {
  for (const name of [
    'simulate',
    'parseTraceCsv',
    'generateTidalTrace',
    'parsePrices',
    'renderCharts',
    'formatSummary',
    'runSimulateCommand',
    'checkSimVersions',
    'startupBreakdown',
    'latencyPercentileMs',
    'checkSloResult',
  ]) {
    expect(typeof (sim as Record<string, unknown>)[name]).toBe('function');
  }
});
