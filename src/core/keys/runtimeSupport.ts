// Which newer signature algorithms this runtime's Web Crypto has. VS Code's runtimes differ (Electron's
// BoringSSL has no Ed448; ML-DSA came to Node's Web Crypto in its 24 line, to browsers later), so a
// token in an algorithm the runtime lacks is "cannot verify here", never "bad signature", and is
// verified the day the runtime can.

/** RFC 9864 and draft-ietf-cose-dilithium: the algorithms whose support depends on the runtime. */
export const RUNTIME_DEPENDENT_ALGORITHMS = ['Ed448', 'ML-DSA-44', 'ML-DSA-65', 'ML-DSA-87'] as const;
export type RuntimeDependentAlgorithm = (typeof RUNTIME_DEPENDENT_ALGORITHMS)[number];

export function isRuntimeDependent(alg: string): alg is RuntimeDependentAlgorithm {
  return (RUNTIME_DEPENDENT_ALGORITHMS as readonly string[]).includes(alg);
}

/** One probe per algorithm per process: the answer cannot change while it runs. */
const probes = new Map<RuntimeDependentAlgorithm, Promise<boolean>>();

/** Whether Web Crypto here can make (and so verify with) keys of this algorithm. Never throws. */
export function runtimeSupports(alg: RuntimeDependentAlgorithm): Promise<boolean> {
  let probe = probes.get(alg);
  if (!probe) {
    probe = Promise.resolve()
      .then(() => globalThis.crypto.subtle.generateKey({ name: alg }, false, ['sign', 'verify']))
      .then(
        () => true,
        () => false,
      );
    probes.set(alg, probe);
  }
  return probe;
}
