// Accounts in the browser: a partner resets a forgotten password with the code from the mailbox
// and changes it again; the Partner Admin deactivates them, after which they cannot log in; the
// audit trail reads as sentences with links, and its filters narrow the rows.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import {
  ADMIN_PASSWORD,
  createPolicyGroup,
  latestCode,
  launchBrowser,
  login,
  logout,
  mailsTo,
  signUp,
  startServer,
} from "../lib/harness.mjs";

const EMAIL = "rita@river-bank.example";
let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  await createPolicyGroup(browser, server.base, "Banking", "Banks");
  const page = await browser.newPage();
  await page.goto(`${server.base}/register`);
  await signUp(page, { username: "river-bank", org: "River Bank", email: EMAIL, password: "First-password-1234" });
  await page.fill("#code", await latestCode(server.dataDir, EMAIL));
  await page.click("form[action='/register/verify'] button");
  await page.waitForURL(/\/register\/done/);
  await page.close();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test("forgotten password reset through the mailbox, then changed with the current one", async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${server.base}/login`);
  await page.click("#forgot-password");
  await page.waitForURL(/\/forgot-password/);
  const before = (await mailsTo(server.dataDir, EMAIL, () => true)).length;
  await page.fill("#username", "river-bank");
  await page.click("#send-code");
  await page.waitForURL(/\/reset-password/);
  assert.match(await page.textContent(".flash"), /code has been sent/);
  assert.equal((await mailsTo(server.dataDir, EMAIL, (m) => m.length > before)).length, before + 1);
  assert.equal(await page.inputValue("#username"), "river-bank");

  // A wrong code is refused next to its field.
  const code = await latestCode(server.dataDir, EMAIL);
  await page.fill("#code", code === "000000" ? "111111" : "000000");
  await page.fill("#password", "Second-password-5678");
  await page.fill("#passwordConfirm", "Second-password-5678");
  await page.click("#reset-submit");
  assert.equal(await page.getAttribute("#code", "aria-invalid"), "true");
  await page.fill("#code", code);
  await page.fill("#password", "Second-password-5678");
  await page.fill("#passwordConfirm", "Second-password-5678");
  await page.click("#reset-submit");
  await page.waitForURL(/\/login\?done=password-reset/);

  await login(page, server.base, "river-bank", "Second-password-5678");
  assert.equal(await page.textContent("#whoami"), "river-bank");
  await page.click("#change-password");
  await page.waitForURL(/\/password/);
  await page.fill("#currentPassword", "not-the-password-1");
  await page.fill("#password", "Third-password-9012");
  await page.fill("#passwordConfirm", "Third-password-9012");
  await page.click("#change-submit");
  assert.equal(await page.getAttribute("#currentPassword", "aria-invalid"), "true");
  assert.ok(await page.isVisible("#error-summary"));
  await page.fill("#currentPassword", "Second-password-5678");
  await page.fill("#password", "Third-password-9012");
  await page.fill("#passwordConfirm", "Third-password-9012");
  await page.click("#change-submit");
  await page.waitForURL(/done=password-changed/);
  await logout(page);
  await login(page, server.base, "river-bank", "Third-password-9012");
  assert.equal(await page.textContent("#whoami"), "river-bank");
});

test("the admin deactivates a user, who then cannot log in; the audit trail tells it", async () => {
  const admin = await (await browser.newContext()).newPage();
  await login(admin, server.base, "admin", ADMIN_PASSWORD);
  await admin.click("nav a[href='/users']");
  await admin.fill("#filter-username", "river");
  await admin.click("#apply-filters");
  await admin.click("#users a[href='/users/river-bank']");
  await admin.click("#action-deactivate");
  await admin.click("#confirm");
  await admin.waitForURL(/done=user-deactivate/);
  assert.match(await admin.textContent("#user-status"), /Deactivated/);

  const partner = await (await browser.newContext()).newPage();
  await login(partner, server.base, "river-bank", "Third-password-9012");
  assert.match(await partner.textContent("#login-error"), /not correct/);

  await admin.goto(`${server.base}/audit`);
  const sentence = admin.locator("#audit td.sentence", { hasText: "admin deactivated user" });
  assert.equal(await sentence.count(), 1);
  assert.equal(await sentence.locator("a").getAttribute("href"), "/users/river-bank");
  assert.ok(await admin.locator("#audit td.sentence", { hasText: "Failed login as river-bank" }).count() >= 1);
  assert.ok(await admin.locator("#audit td.sentence", { hasText: "changed their password" }).count() >= 1);
  const all = await admin.locator("#audit tbody tr").count();

  await admin.selectOption("#filter-action", "user.deactivate");
  await admin.click("#apply-filters");
  await admin.waitForURL(/action=user.deactivate/);
  assert.equal(await admin.locator("#audit tbody tr").count(), 1);
  assert.ok(all > 1);
  assert.match(await admin.getAttribute("#audit-csv", "href"), /^\/audit\.csv\?action=user\.deactivate/);
  await admin.selectOption("#filter-action", "");
  await admin.selectOption("#filter-actor", "river-bank");
  await admin.click("#apply-filters");
  const rows = await admin.locator("#audit td.sentence").allTextContents();
  assert.ok(rows.length >= 1 && rows.length < all, `${rows.length} of ${all}`);
  assert.ok(rows.every((r) => r.includes("river-bank")), rows.join("\n"));
});
