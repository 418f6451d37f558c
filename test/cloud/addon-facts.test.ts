import { ADDON_FACTS, addonFact } from '../../lib/cloud/addon-facts';
import { ADDON_NAMES } from '../../lib/cloud/defaults';

test('every addon name the library sends has a fact with its status and source', () => {
  for (const name of Object.values(ADDON_NAMES)) {
    const fact = addonFact(name);
    expect(fact).toBeDefined();
    expect(fact?.source).not.toBe('');
  }
  expect(new Set(ADDON_FACTS.map((f) => f.name)).size).toBe(ADDON_FACTS.length);
});

test('the Knative and MSE addon names are marked unconfirmed; the rest are confirmed', () => {
  expect(
    ADDON_FACTS.filter((f) => f.status === 'unconfirmed')
      .map((f) => f.name)
      .sort(),
  ).toEqual(['knative', 'mse-ingress-controller']);
  expect(addonFact('alb-ingress-controller')?.configKeys).toEqual([
    'albIngress.CreateDefaultALBConfig',
    'albIngress.AddressType',
  ]);
});
