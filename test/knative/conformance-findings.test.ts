// Rules the differential conformance run found missing or too strict; each case here disagreed
// with Knative before the fix (test/conformance/differential.test.ts keeps checking them at scale).
import { clusterConfig } from '../../lib/knative/cluster-config';
import { checkPingSource } from '../../lib/knative/eventing/ping-source';
import { checkRevisionTemplate } from '../../lib/knative/revision-template';
import { checkImage } from '../../lib/validation';

const msgs = (issues: { path: string; message: string }[]) =>
  issues.map((i) => `${i.path}: ${i.message}`);

test('an image repository needs at least two characters', () => {
  expect(msgs(checkImage('registry.example.com/a:1', 'i'))).toEqual([
    "i: image 'registry.example.com/a:1' is not a valid image reference: use lower-case repository names, a tag of letters, digits, '_', '.', '-' or a digest 'sha256:<64 lower-case hex>'",
  ]);
  expect(checkImage('registry.example.com/ab:1', 'i')).toEqual([]);
});

test('an unset containerConcurrency takes the cluster default, which may be forbidden', () => {
  const noZero = clusterConfig({ defaults: { allowContainerConcurrencyZero: false } });
  const template = { containers: [{ image: 'registry.example.com/model:1' }] };
  expect(msgs(checkRevisionTemplate(template, 't', noZero))).toEqual([
    't.containerConcurrency: containerConcurrency is unset, so Knative applies the cluster default (0), which the cluster forbids (allow-container-concurrency-zero: false); set containerConcurrency to 1 or more',
  ]);
  expect(
    checkRevisionTemplate(
      template,
      't',
      clusterConfig({
        defaults: { allowContainerConcurrencyZero: false, containerConcurrency: 4 },
      }),
    ),
  ).toEqual([]);
  expect(checkRevisionTemplate({ ...template, containerConcurrency: 1 }, 't', noZero)).toEqual([]);
});

test('a schedule with its own CRON_TZ prefix cannot also set timezone', () => {
  const base = { name: 'nightly', sink: 'https://example.com/hook' };
  expect(
    msgs(
      checkPingSource(
        { ...base, schedule: 'CRON_TZ=UTC 0 2 * * *', timezone: 'Asia/Shanghai' },
        'p',
      ),
    ),
  ).toEqual([
    "p.schedule: schedule 'CRON_TZ=UTC 0 2 * * *' has its own CRON_TZ= prefix while timezone is set; drop the prefix and keep timezone",
  ]);
  expect(checkPingSource({ ...base, schedule: 'CRON_TZ=UTC 0 2 * * *' }, 'p')).toEqual([]);
});

test('an empty timezone is treated as unset', () => {
  expect(
    checkPingSource(
      { name: 'nightly', sink: 'https://example.com/hook', schedule: '0 2 * * *', timezone: '' },
      'p',
    ),
  ).toEqual([]);
});
