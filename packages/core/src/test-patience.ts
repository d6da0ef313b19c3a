// Test-only: how long tests wait for an event before they call it missing. One setting for every
// suite (core, server, browser), so a slow machine is answered by raising one number.
/* eslint-disable no-restricted-properties -- tests read AW_TEST_PATIENCE_MS */

/** How long one wait for an event may take: AW_TEST_PATIENCE_MS, 60 s by default (generous: waits end at the event, not the deadline). */
export const TEST_PATIENCE_MS = Number(process.env.AW_TEST_PATIENCE_MS) || 60_000;

/** A share or multiple of the patience, for waits known to be longer (a whole job) or shorter. */
export const patience = (factor = 1) => Math.round(TEST_PATIENCE_MS * factor);
