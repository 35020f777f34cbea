// Once per test run, before the test files: say what is missing (Genode's corpus), and find the browser once for all of them.
import { findChromium } from "../../web/browser.ts";
import { corpus } from "./paths.ts";

export default async function setup(): Promise<void> {
  if (!corpus.found) process.stdout.write(`${corpus.missing}\n`);
  // Unpacking the packaged chromium twice at once would race: do it here, and hand the path on.
  try {
    process.env.WASMODE_CHROMIUM = await findChromium();
  } catch (e) {
    // The browser tests fail then, each with the line that says how to get one (and no new try).
    process.env.WASMODE_CHROMIUM_ERROR = e instanceof Error ? e.message : String(e);
  }
}
