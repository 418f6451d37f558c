import { setMocks } from '../mocks';

setMocks(); // before the module under test is imported

test("the role check passes when the lookup lists the role and throws, naming the fix, when it doesn't", async () => {
  // GIVEN
  const { requireAutoscalerRole } = await import('../../lib/cloud/node-pools');
  // THEN
  expect(requireAutoscalerRole(['AliyunCSManagedAutoScalerRole'], 'gpu')).toBe(true);
  expect(() => requireAutoscalerRole([], 'gpu')).toThrow(
    "GPU pool 'gpu' autoscales, and the RAM role 'AliyunCSManagedAutoScalerRole' it needs does not exist in this account; authorize it once in the RAM console (ACK > Cloud resource authorization), or set autoscalerRole to 'create'",
  );
  expect(() => requireAutoscalerRole(['AliyunCSDefaultRole'], 'gpu')).toThrow(
    /RAM role 'AliyunCSManagedAutoScalerRole' it needs does not exist/,
  );
});
