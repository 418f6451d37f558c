import {
  inputsOf,
  isSecretValue,
  registration,
  resetAll,
  setRecordingMocks,
  settle,
  T,
  urnOf,
} from './harness';

setRecordingMocks(); // before the module under test is imported
beforeEach(resetAll);

const image = `registry.example.com/llm/qwen@sha256:${'a'.repeat(64)}`;

test('creates an ECI image cache for model images, with registry passwords kept secret', async () => {
  // GIVEN
  const { ModelImageCache } = await import('../../lib/cloud/model-image-cache');
  // WHEN
  new ModelImageCache('llm', {
    imageCacheName: 'llm',
    images: [image],
    securityGroupId: 'sg-1',
    vswitchId: 'vsw-a',
    sizeGiB: 100,
    registryCredentials: [
      { server: 'registry.example.com', userName: 'puller', password: 's3cret' },
    ],
  });
  await settle();
  // THEN
  expect(inputsOf(T.imageCache)['llm-cache']).toEqual({
    imageCacheName: 'llm',
    images: [image],
    securityGroupId: 'sg-1',
    vswitchId: 'vsw-a',
    imageCacheSize: 100,
    imageRegistryCredentials: expect.anything(),
  });
  const reg = registration(T.imageCache, 'llm-cache');
  const creds = inputsOf(T.imageCache)['llm-cache'].imageRegistryCredentials;
  // the recorded list arrives wrapped as a secret: one password in it is secret
  expect(isSecretValue(creds)).toBe(true);
  expect(creds.value).toEqual([
    { server: 'registry.example.com', userName: 'puller', password: 's3cret' },
  ]);
  expect(reg.parent).toBe(urnOf({ type: 'ack-serving:cloud:ModelImageCache', name: 'llm' }));
});

test('throws on a too-small cache and no images', async () => {
  const { ModelImageCache } = await import('../../lib/cloud/model-image-cache');
  expect(
    () =>
      new ModelImageCache('llm', {
        imageCacheName: 'llm',
        images: [],
        securityGroupId: 'sg',
        vswitchId: 'vsw',
        sizeGiB: 5,
      }),
  ).toThrow(
    [
      "invalid arguments for ModelImageCache 'llm':",
      'images: images is empty; list the model images to cache',
      'sizeGiB: image cache size (GiB) 5 is out of range; allowed: 20 to 2000',
    ].join('\n'),
  );
});
