// Drives the dashboard of a running pipeline in headless Chromium (Debian's, through playwright-core)
// for DashboardIT, and prints what it saw as one JSON line; the Java test asserts on it and on the
// pipeline. Settings come from the environment:
//   DASHBOARD_URL  the instance's API address (the dashboard is at /dashboard/)
//   SOURCE_ID      a source the page must list; the test pauses it with a click
//   CHROMIUM       the browser binary (default /usr/bin/chromium)
//   SCREENSHOTS    the folder the screenshots go to
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const url = process.env.DASHBOARD_URL;
const sourceId = process.env.SOURCE_ID;
const screenshots = process.env.SCREENSHOTS;
const timeout = 60_000;
mkdirSync(screenshots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  // As root on a machine with a closed network: no sandbox, no background connections.
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic"],
});
const seen = { consoleErrors: [] };
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(timeout);
  // Script errors only: a refused request (the broken template's 400) is the page working as meant.
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) seen.consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => seen.consoleErrors.push(String(error)));

  await page.goto(url + "/", { waitUntil: "domcontentloaded" });
  seen.title = await page.title();
  seen.path = new URL(page.url()).pathname;

  // The running pipeline's source appears, with the instance that owns it.
  const row = page.locator(`tr[data-source="${sourceId}"]`);
  await row.waitFor();
  await page.locator("#instances tbody tr[data-instance]").first().waitFor();
  seen.instances = await page.locator("#instances tbody tr[data-instance]").count();
  seen.stateBefore = await row.locator("[data-state]").getAttribute("data-state");
  // A source polled to a freshness target shows its target and what its plan expects.
  const target = row.locator("span.sub", { hasText: "target " });
  await target.waitFor();
  seen.target = await target.textContent();
  await page.locator("#health.ready").waitFor();
  await page.screenshot({ path: join(screenshots, "dashboard.png"), fullPage: true });

  // A click on Pause pauses it: the row says so once the template change went round the cluster.
  await row.getByRole("button", { name: "Pause" }).click();
  await row.locator('[data-state="paused"]').waitFor();
  seen.stateAfter = await row.locator("[data-state]").getAttribute("data-state");
  await row.getByRole("button", { name: "Resume" }).waitFor();

  // A click on a column header sorts by it, and the header says which way.
  await page.locator('#sources th[data-sort="state"]').click();
  await page.locator('#sources th[data-sort="state"][aria-sort="ascending"]').waitFor();

  // A broken template shows its violations in the editor, and nothing is published.
  await page.getByRole("button", { name: "New source" }).click();
  await page.locator("#editor-id").fill("dashboard-broken");
  await page.locator("#editor-json").fill('{"url": "not a url", "kind": "rss", "interval": "often"}');
  await page.getByRole("button", { name: "Preview" }).click();
  await page.locator("#preview-result .violations li").first().waitFor();
  seen.violations = await page.locator("#preview-result .violations li").allTextContents();
  await page.screenshot({ path: join(screenshots, "dashboard-editor.png") });

  // A good template previews its items before it is published.
  await page.locator("#editor-json").fill(JSON.stringify({ url: process.env.PREVIEW_URL, kind: "feed", interval: "PT1M" }));
  await page.getByRole("button", { name: "Preview" }).click();
  await page.locator("#preview-result table.items tbody tr").first().waitFor();
  seen.previewItems = await page.locator("#preview-result table.items tbody tr td:first-child").allTextContents();
} finally {
  await browser.close();
}
console.log(JSON.stringify(seen));
