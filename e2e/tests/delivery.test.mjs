// Event delivery and notifications in the browser: the Partner Admin adds a webhook through the
// form (a short secret is refused at its field first) and finds it in the list and its deliveries
// in the log; a partner signs up, the Partner Admin approves it, and the partner sees the bell's
// count, reads the notification and marks it read. The new pages pass axe-core in English and in
// Arabic on a phone's width.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import {
  ADMIN_PASSWORD, createPolicyGroup, latestCode, launchBrowser, login, logout, signUp, startServer, violations,
} from "../lib/harness.mjs";

const PARTNER = "bank-bell";
const PASSWORD = "correct horse 42";
const HOOK_URL = "https://bank.example/pms-events";
let server, browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  await createPolicyGroup(browser, server.base, "Banking", "Banks and payment providers");
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test("the Partner Admin adds a webhook through the form and finds it listed", async () => {
  const page = await browser.newPage();
  await login(page, server.base, "admin", ADMIN_PASSWORD);
  await page.click("nav.main-nav a[href='/admin/webhooks']");
  await page.waitForURL(/\/admin\/webhooks$/);
  assert.match(await page.textContent("#empty-state"), /No webhook yet/);

  // A secret too short: the server says so next to the field, with the focus on the summary.
  await page.fill("#url", HOOK_URL);
  await page.check("#topic-POLICY_UPDATED");
  await page.fill("#secret", "short");
  await page.fill("#description", "Core banking");
  await page.click("#webhook-submit");
  await page.waitForLoadState("load");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "error-summary");
  assert.match(await page.textContent("#secret-error"), /16 to 200 characters/);
  assert.equal(await page.getAttribute("#secret", "aria-invalid"), "true");
  // What was typed is kept, except the secret.
  assert.equal(await page.inputValue("#url"), HOOK_URL);
  assert.equal(await page.isChecked("#topic-POLICY_UPDATED"), true);
  assert.equal(await page.inputValue("#secret"), "");

  await page.check("#topics");
  await page.fill("#secret", "a-long-enough-shared-secret");
  await page.click("#webhook-submit");
  await page.waitForURL(/done=webhook-added/);
  assert.match(await page.textContent(".flash"), /webhook has been added/);
  const row = page.locator("#webhooks tbody tr");
  assert.equal(await row.count(), 1);
  const text = await row.textContent();
  assert.match(text, /bank\.example\/pms-events/);
  assert.match(text, /PARTNER_UPDATED[\s\S]*POLICY_UPDATED/);
  assert.match(text, /Core banking[\s\S]*admin/);
  assert.equal((await page.content()).includes("a-long-enough-shared-secret"), false, "the secret is not shown");

  // Its deliveries: the log filtered by the webhook, with the queue on top.
  await page.click("#webhooks a[id^='log-']");
  await page.waitForURL(/\/admin\/deliveries\?kind=webhook&targetId=/);
  assert.equal(await page.inputValue("#filter-kind"), "webhook");
  assert.match(await page.textContent("#queue-stats"), /Webhook/);
  assert.equal(await page.getAttribute("#tab-deliveries", "aria-current"), "page");
  await page.close();
});

test("an approved partner sees the bell's count and reads the notification", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.base}/register`);
  await signUp(page, { username: PARTNER, org: "Bank Bell", email: `ana@${PARTNER}.example`, password: PASSWORD });
  await page.fill("#code", await latestCode(server.dataDir, `ana@${PARTNER}.example`));
  await page.click("form[action='/register/verify'] button");
  await page.waitForURL(/\/register\/done/);

  // What the partner has before the decision (sign-up may already have told it something).
  await login(page, server.base, PARTNER, PASSWORD);
  const before = Number((await page.locator("#bell-count").textContent({ timeout: 1000 }).catch(() => "0")).trim());
  await logout(page);

  await login(page, server.base, "admin", ADMIN_PASSWORD);
  await page.goto(`${server.base}/partners/${PARTNER}/approve`);
  await page.click("#confirm");
  await page.waitForURL(/done=partner-approve/);
  await logout(page);

  await login(page, server.base, PARTNER, PASSWORD);
  const unread = before + 1;
  assert.equal((await page.textContent("#bell-count")).trim(), String(unread));
  assert.equal(await page.getAttribute("#bell", "aria-label"), unread === 1 ? "1 unread notification" : `${unread} unread notifications`);
  await page.click("#bell");
  await page.waitForURL(/\/notifications$/);
  const newest = page.locator("#notifications li").first();
  assert.match(await newest.getAttribute("class"), /\bunread\b/);
  assert.match(await newest.textContent(), /Your partner registration is approved/);
  // Reading the page marks nothing by itself.
  await page.reload();
  assert.equal((await page.textContent("#bell-count")).trim(), String(unread));

  await page.click("#mark-all-read");
  await page.waitForURL(/done=notifications-read/);
  assert.match(await page.textContent(".flash"), /marked as read/);
  assert.equal(await page.locator("#bell-count").count(), 0, "no number once read");
  assert.equal(await page.getAttribute("#bell", "aria-label"), "Notifications");
  assert.equal(await page.locator("#notifications li.unread").count(), 0);
  assert.match(await page.textContent("#notifications"), /Your partner registration is approved/);
  await page.close();
});


for (const [lang, width] of [["eng", 1280], ["ara", 390]]) {
  test(`the event pages and the notifications pass axe-core (${lang}, ${width} px)`, async () => {
    // axe-core is injected as an inline script, which only this context lets past the CSP.
    const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await login(page, server.base, "admin", ADMIN_PASSWORD);
    if (lang !== "eng") {
      await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.selectOption("#lang-select", lang)]);
      assert.equal(await page.getAttribute("html", "dir"), "rtl");
    }
    const found = [];
    for (const path of ["/admin/webhooks", "/admin/deliveries", "/admin/websub", "/notifications", "/audit"]) {
      await page.goto(`${server.base}${path}`);
      for (const v of await violations(page)) found.push(`${path}: ${v}`);
    }
    // A refused form too: its summary and marked fields.
    await page.goto(`${server.base}/admin/webhooks`);
    await page.fill("#url", "https://bank.example/other");
    await page.fill("#secret", "short");
    await page.click("#webhook-submit");
    await page.waitForSelector("#error-summary");
    for (const v of await violations(page)) found.push(`refused webhook form: ${v}`);
    assert.deepEqual(found, []);
    if (lang !== "eng") {
      // Back to English for the tests that follow in this server.
      await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.selectOption("#lang-select", "eng")]);
    }
    await context.close();
  });
}
