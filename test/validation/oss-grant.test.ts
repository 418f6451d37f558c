import { checkOssGrant, isOssBucketName, normalizeOssGrants } from '../../lib/validation';

test('bucket names follow the OSS naming rules', () => {
  expect(['abc', 'credit-risk-models', '0models', 'a'.repeat(63)].map(isOssBucketName)).toEqual([
    true,
    true,
    true,
    true,
  ]);
  expect(
    ['ab', 'a'.repeat(64), '-models', 'models-', 'Models', 'risk_models', 'risk.models'].map(
      isOssBucketName,
    ),
  ).toEqual([false, false, false, false, false, false, false]);
});

test('a read grant may cover a whole bucket; a prefix is literal with at most a final *', () => {
  expect(checkOssGrant({ bucket: 'risk-models', access: 'read' }, 'g')).toEqual([]);
  expect(checkOssGrant({ bucket: 'risk-models', prefix: 'a/*', access: 'write' }, 'g')).toEqual([]);
  expect(checkOssGrant({ bucket: 'risk-models', prefix: 'a/*/b', access: 'read' }, 'g')).toEqual([
    {
      path: 'g.prefix',
      message:
        "prefix 'a/*/b' has a '*' before its end; a prefix is literal, with at most one '*' at the end",
    },
  ]);
  expect(checkOssGrant({ bucket: 'risk-models', access: 'admin' as 'read' }, 'g')).toEqual([
    { path: 'g.access', message: "access 'admin' is not one of: read, write" },
  ]);
});

test('grants normalize to one per bucket, prefix and access, sorted', () => {
  expect(
    normalizeOssGrants([
      { bucket: 'b-models', prefix: 'x/', access: 'read' },
      { bucket: 'a-models', prefix: '*', access: 'read' },
      { bucket: 'a-models', access: 'read' },
      { bucket: 'b-models', prefix: 'x/*', access: 'read' },
    ]),
  ).toEqual([
    { bucket: 'a-models', prefix: '', access: 'read' },
    { bucket: 'b-models', prefix: 'x/', access: 'read' },
  ]);
});
