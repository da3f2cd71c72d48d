// The fuzz targets of `npm run fuzz`, with a small case count so they run in every `npm test`.
import { FUZZ_TARGETS } from './fuzz/targets';
import { testKeys } from '../../support/keys';
import { verificationKey } from '../../support/tokens';

describe('fuzzing (small run; npm run fuzz does 100k per target)', () => {
  for (const target of FUZZ_TARGETS) {
    it(`${target.name}: no uncaught exception, every failure typed with a message`, async () => {
      const keys = [await verificationKey(testKeys().rsaSpkiPem, 'fuzz-rsa'), await verificationKey(testKeys().hmac64, 'fuzz-hs')];
      await target.run(Number(process.env.JWT_LENS_FUZZ_TEST_RUNS ?? 1000), keys);
    });
  }
});
