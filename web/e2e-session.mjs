// What every browser test shares: Debian's Chromium, headless, driven by playwright-core, with every
// request that leaves the server refused and recorded; checks printed one per line ("ok  " or
// "FAIL"); script errors of the page recorded.
import { chromium } from "playwright-core";

/**
 * Opens a page on `base` and runs `scenario({ page, check, ready })` (`ready(name)` waits for that page); then checks that no request left
 * the server and no script failed, closes the browser and exits 1 if any check failed.
 */
export async function session(base, scenario) {
  const failures = [];
  const check = (ok, what) => { if (!ok) failures.push(what); console.log(`${ok ? "ok  " : "FAIL"} ${what}`); };
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const outside = [];
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(base) || url.startsWith("data:")) return route.continue();
      outside.push(url);
      return route.abort();
    });
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    // The page `name` (as in the hash: connect, entity…; home for #/) has rendered for the current hash.
    // After a click the previous page stays marked ready until the hashchange reaches the app, so the
    // app's record of the hash it rendered must match too (but on the query page, whose hash YASGUI
    // rewrites).
    const ready = (name) =>
      page.waitForFunction(
        (name) => {
          const main = document.querySelector("main");
          return main?.dataset.page === name && main.dataset.ready === "true" &&
            (name === "query" || main.dataset.route === location.hash);
        },
        name,
        { timeout: 60000 },
      );
    await scenario({ page, check, ready });
    check(outside.length === 0, `no request left the server (${outside.join(", ")})`);
    check(errors.length === 0, `no script errors (${errors.join("; ")})`);
  } finally {
    await browser.close();
  }
  if (failures.length) {
    console.error(`${failures.length} check(s) failed`);
    process.exit(1);
  }
}
