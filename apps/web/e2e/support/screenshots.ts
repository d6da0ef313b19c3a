import path from "node:path";
import type { Page } from "@playwright/test";

const DIR = path.resolve(import.meta.dirname, "../../test-results/screenshots");

/** A full-page screenshot of a main page, for a person to look at after the run. */
export async function snap(page: Page, name: string): Promise<void> {
  // Let charts finish their entry animation and fonts settle.
  await page.waitForTimeout(700);
  // Toasts are transient and, being fixed to the viewport, land mid-page in a full-page shot.
  await page.screenshot({ path: path.join(DIR, `${name}.png`), fullPage: true, style: ".mantine-Notifications-root { display: none !important; }" });
}
