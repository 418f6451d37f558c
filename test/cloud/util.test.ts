import { setMocks } from '../mocks';

setMocks(); // before the module under test is imported

test('a plain dependsOn is handed to children as a plain list, never wrapped in an Output', async () => {
  // GIVEN
  const pulumi = await import('@pulumi/pulumi');
  const { childDependsOn, childOptions } = await import('../../lib/cloud/_util');
  const a = new pulumi.ComponentResource('test:a', 'a');
  const b = new pulumi.ComponentResource('test:b', 'b');
  // WHEN / THEN: an Output over resources makes the SDK walk everything reachable from them
  expect(childDependsOn({ dependsOn: [a] })).toEqual([a]);
  expect(childDependsOn({ dependsOn: a })).toEqual([a]);
  expect(childDependsOn({})).toEqual([]);
  expect(childOptions(b, { dependsOn: [a] }, [b]).dependsOn).toEqual([a, b]);
  // an Output dependsOn still works, as an Output
  const later = childDependsOn({ dependsOn: pulumi.output([a]) });
  expect(pulumi.Output.isInstance(later)).toBe(true);
});
