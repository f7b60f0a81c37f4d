// Languages: the switch works for visitors and users, Arabic pages are right-to-left, and a
// user's choice is remembered across logins.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ADMIN_PASSWORD, launchBrowser, login, logout, startServer } from "../lib/harness.mjs";

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// Choosing a language submits the switch (by script; the Apply button does it without one).
async function switchLanguage(page, code) {
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.selectOption("#lang-select", code)]);
}

test("switching to Arabic makes the portal right-to-left, and the choice sticks to the user", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.base}/login`);
  assert.equal(await page.getAttribute("html", "dir"), "ltr");

  await switchLanguage(page, "fra");
  assert.equal(await page.getAttribute("html", "lang"), "fr");
  assert.notEqual((await page.textContent("h1")).trim(), "Log in");

  await login(page, server.base, "admin", ADMIN_PASSWORD);
  await switchLanguage(page, "ara");
  assert.equal(await page.getAttribute("html", "dir"), "rtl");
  assert.equal(await page.getAttribute("html", "lang"), "ar");
  const direction = await page.evaluate(() => getComputedStyle(document.body).direction);
  assert.equal(direction, "rtl");
  await page.goto(`${server.base}/policy-groups`);
  assert.equal(await page.getAttribute("html", "dir"), "rtl");
  await page.screenshot({ path: `${server.dataDir}/arabic.png` });

  // A new browser (no language cookie, English preferred) still gets the user's Arabic.
  await logout(page);
  await context.close();
  const fresh = await browser.newContext({ locale: "en-GB" });
  const again = await fresh.newPage();
  await login(again, server.base, "admin", ADMIN_PASSWORD);
  assert.equal(await again.getAttribute("html", "dir"), "rtl");
  await fresh.close();
});
