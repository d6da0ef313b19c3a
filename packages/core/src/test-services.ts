// Test-only: deciding whether an outside service the tests need (PostgreSQL, Redis) is there.
/* eslint-disable no-restricted-properties -- tests read AW_TEST_REQUIRE_SERVICES */

/** Tries before deciding a service is absent: a loaded machine can miss one connect timeout. */
const ATTEMPTS = 5;

/** With AW_TEST_REQUIRE_SERVICES=1 (as CI sets it) a missing service fails the run instead of skipping its tests. */
export const servicesRequired = () => process.env.AW_TEST_REQUIRE_SERVICES === "1";

/**
 * Probes a service up to ATTEMPTS times, backing off between tries. When it never answers, the
 * tests that need it are skipped with the reason on stderr, or, when services are required,
 * the run fails with that reason.
 */
export async function serviceAvailable(name: string, probe: () => Promise<void>, howToProvide: string): Promise<boolean> {
  let reason = "";
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      await probe();
      return true;
    } catch (err) {
      reason = err instanceof Error ? err.message : String(err);
      if (attempt < ATTEMPTS) await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
    }
  }
  const message = `${name} did not answer after ${ATTEMPTS} attempts (${reason}). ${howToProvide}`;
  if (servicesRequired()) throw new Error(`AW_TEST_REQUIRE_SERVICES=1: ${message}`);
  console.warn(`Skipping the tests that need it: ${message}`);
  return false;
}
