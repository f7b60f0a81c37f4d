// A partner registers itself, proves its e-mail with the code from the mailbox, waits, and is
// approved by the Partner Admin; a second one is rejected and sees the reason.
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

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // Auth partners need a policy group to choose.
  await createPolicyGroup(browser, server.base, "Banking", "Banks");
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function register(page, { username, org, email, type = "Auth_Partner", group = "Banking", password = "correct horse 42" }) {
  await page.goto(`${server.base}/login`);
  await page.click("a[href='/register']");
  await signUp(page, { username, org, email, password, type, group });
  assert.match(await page.textContent(".flash"), /code/);
  // A wrong code is refused with a clear message.
  await page.fill("#code", "000000" === (await latestCode(server.dataDir, email)) ? "111111" : "000000");
  await page.click("form[action='/register/verify'] button");
  assert.match(await page.textContent("#verify-error"), /not correct/);
  await page.fill("#code", await latestCode(server.dataDir, email));
  await page.click("form[action='/register/verify'] button");
  await page.waitForURL(/\/register\/done/);
  assert.match(await page.textContent("#done-message"), /waits for the Partner Admin/);
}

async function decide(page, partnerId, action, reason) {
  await page.goto(`${server.base}/partners?status=pending_approval`);
  await page.click(`#partners a[href='/partners/${partnerId}']`);
  await page.click(`#action-${action}`);
  if (reason) await page.fill("#reason", reason);
  await page.click("#confirm");
  await page.waitForURL(new RegExp(`done=partner-${action}`));
}

test("sign-up, e-mail code, pending, approval, approved", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await register(page, { username: "bank-one", org: "Bank One", email: "ana@bank-one.example" });

  // The new partner logs in: the terms were accepted at sign-up, so straight to the pending banner.
  await login(page, server.base, "bank-one", "correct horse 42");
  assert.doesNotMatch(page.url(), /\/consent/);
  assert.match(await page.textContent("#status-banner"), /Waiting for approval/);
  await logout(page);

  // The admin sees it pending on the dashboard and approves it.
  await login(page, server.base, "admin", ADMIN_PASSWORD);
  assert.match(await page.textContent("#count-pending"), /^\s*1\b/);
  await decide(page, "bank-one", "approve");
  assert.equal((await page.textContent("#partner-status")).trim(), "Active");
  await logout(page);

  await login(page, server.base, "bank-one", "correct horse 42");
  assert.match(await page.textContent("#status-banner"), /approved/);
  const mails = await mailsTo(server.dataDir, "ana@bank-one.example", (m) => /approved/.test(m.at(-1) ?? ""));
  assert.match(mails.at(-1), /Subject: Your partner registration is approved/);
  await context.close();
});

test("a rejected registration shows the reason to the partner", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await register(page, { username: "shady-ltd", org: "Shady Ltd", email: "info@shady.example", type: "Device_Provider", group: "" });
  await login(page, server.base, "admin", ADMIN_PASSWORD);
  await decide(page, "shady-ltd", "reject", "The company registry has no such organisation.");
  assert.equal((await page.textContent("#partner-status")).trim(), "Rejected");
  await logout(page);

  await login(page, server.base, "shady-ltd", "correct horse 42");
  assert.match(await page.textContent("#status-banner"), /not approved/);
  assert.match(await page.textContent("#status-reason"), /no such organisation/);
  await context.close();
});
