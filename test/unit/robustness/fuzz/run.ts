// `npm run fuzz`: every fuzz target with 100,000 cases (JWT_LENS_FUZZ_RUNS to change), seeded.
import { FUZZ_SEED, FUZZ_TARGETS } from './targets';
import { verificationKey } from '../../../support/tokens';
import { testKeys } from '../../../support/keys';

async function main(): Promise<void> {
  const count = Number(process.env.JWT_LENS_FUZZ_RUNS ?? 100_000);
  const keys = [await verificationKey(testKeys().rsaSpkiPem, 'fuzz-rsa'), await verificationKey(testKeys().hmac64, 'fuzz-hs')];
  console.log(`fuzz: seed ${FUZZ_SEED}, ${count.toLocaleString('en-US')} cases per target`);
  let failed = 0;
  for (const target of FUZZ_TARGETS) {
    const start = Date.now();
    try {
      await target.run(count, keys);
      console.log(`  ✔ ${target.name.padEnd(8)} ${count.toLocaleString('en-US')} cases, ${((Date.now() - start) / 1000).toFixed(1)} s`);
    } catch (error) {
      failed++;
      console.log(`  ✗ ${target.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  console.log(`${FUZZ_TARGETS.length - failed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

void main();
