// Policy requests and API keys in the browser: a registered partner asks for a published policy,
// the Partner Admin approves it from the dashboard's count, the partner generates a key that is
// shown once (with a copy button) and is gone from every page after, then deactivates it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ADMIN_PASSWORD, latestCode, launchBrowser, login, logout, signUp, startServer } from "../lib/harness.mjs";

const PARTNER = "bank-keys";
const PASSWORD = "correct horse 42";
const POLICY = "KYC for banks";

let server, browser;

async function api(token, method, path, body) {
  const res = await fetch(`${server.base}${path}`, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  assert.equal(res.status, 200, JSON.stringify(json));
  assert.deepEqual(json.errors ?? [], [], JSON.stringify(json));
  return json.response;
}

const envelope = (request) => ({ id: "mosip.pms.e2e", version: "1.0", requesttime: new Date().toISOString(), metadata: {}, request });

/** A Banking group with one published auth policy, made through the API as an operator would. */
async function seedPolicy() {
  const res = await fetch(`${server.base}/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: ADMIN_PASSWORD }),
  });
  const { token } = await res.json();
  const group = await api(token, "POST", "/v1/policymanager/policies/group/new", envelope({ name: "Banking", desc: "Banks" }));
  const policy = await api(token, "POST", "/v1/policymanager/policies", envelope({
    policyGroupName: "Banking",
    policyType: "Auth",
    name: POLICY,
    desc: "e-KYC for account opening",
    version: "1.0",
    policies: {
      authTokenType: "partner",
      allowedAuthTypes: [{ authType: "otp", authSubType: "", mandatory: false }],
      allowedKycAttributes: [{ attributeName: "fullName" }],
      kycLanguages: ["eng"],
    },
  }));
  await api(token, "POST", `/v1/policymanager/policies/${policy.id}/group/${group.id}/publish`, {});
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  await seedPolicy();
  // The partner registers itself and the Partner Admin approves it.
  const page = await browser.newPage();
  await page.goto(`${server.base}/register`);
  await signUp(page, { username: PARTNER, org: "Bank Keys", email: `ana@${PARTNER}.example`, password: PASSWORD });
  await page.fill("#code", await latestCode(server.dataDir, `ana@${PARTNER}.example`));
  await page.click("form[action='/register/verify'] button");
  await page.waitForURL(/\/register\/done/);
  await login(page, server.base, "admin", ADMIN_PASSWORD);
  await page.goto(`${server.base}/partners/${PARTNER}/approve`);
  await page.click("#confirm");
  await page.waitForURL(/done=partner-approve/);
  await page.close();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test("request, approval, a key shown once, deactivation", async () => {
  const context = await browser.newContext();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.base });
  const page = await context.newPage();

  // The partner asks for the policy.
  await login(page, server.base, PARTNER, PASSWORD);
  await page.click("nav.main-nav a[href='/policy-requests']");
  await page.selectOption("#policyName", POLICY);
  await page.click("#request-submit");
  // The use case is required: the browser keeps the form until it is given.
  assert.match(page.url(), /\/policy-requests$/);
  await page.fill("#useCaseDescription", "e-KYC when a customer opens an account");
  await page.click("#request-submit");
  await page.waitForURL(/done=policy-requested/);
  assert.match(await page.textContent(".flash"), /request has been sent/);
  assert.match(await page.textContent("#policy-requests tbody"), /KYC for banks[\s\S]*Pending/);
  await logout(page);

  // The Partner Admin sees it counted on the dashboard and approves it after confirmation.
  await login(page, server.base, "admin", ADMIN_PASSWORD);
  assert.match(await page.textContent("#count-policy-requests"), /^\s*1\b/);
  await page.click("#count-policy-requests");
  await page.waitForURL(/\/policy-requests\?status=InProgress/);
  await page.click("#policy-requests a[id^='approve-']");
  assert.match(await page.textContent("#request-details"), /e-KYC when a customer opens an account/);
  await page.click("#confirm");
  await page.waitForURL(/done=policy-request-approve/);
  assert.match(await page.textContent(".flash"), /approved/);
  await logout(page);

  // The partner generates a key: shown once, in a readonly field, with a copy button.
  await login(page, server.base, PARTNER, PASSWORD);
  await page.click(`#card-policies-${PARTNER}`);
  assert.match(await page.textContent("#policy-requests tbody"), /Approved/);
  await page.click("nav.main-nav a[href='/api-keys']");
  await page.selectOption("#request", { label: `${POLICY} (Banking)` });
  await page.fill("#label", "production");
  await page.click("#generate-submit");
  await page.waitForSelector("#api-key-value");
  const key = await page.inputValue("#api-key-value");
  assert.match(key, /^pms_[0-9a-f]{12}_[A-Za-z0-9_-]{40,}$/);
  assert.equal(await page.getAttribute("#api-key-value", "readonly"), "");
  assert.match(await page.textContent("#key-once"), /will not be shown again/);
  assert.equal(await page.isVisible("#copy-key"), true, "scripts reveal the copy button");
  await page.click("#copy-key");
  await page.waitForFunction(() => document.getElementById("copy-status").textContent !== "");
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), key);

  // Gone from the list and from the key's page.
  await page.click("#keys-done");
  await page.waitForURL(/\/api-keys$/);
  assert.equal((await page.content()).includes(key), false, "the list does not show the key");
  const row = page.locator("#api-keys tbody tr");
  assert.equal(await row.count(), 1);
  assert.match(await row.textContent(), /production[\s\S]*KYC for banks[\s\S]*Active/);
  await page.click("#api-keys tbody a[href^='/api-keys/pms_']");
  assert.equal((await page.content()).includes(key), false, "the key's page does not show it");
  assert.equal((await page.textContent("#key-state")).trim(), "Active");

  // Deactivation asks first.
  await page.click("#action-deactivate");
  assert.match(page.url(), /\/deactivate$/);
  await page.click("#confirm");
  await page.waitForURL(/done=api-key-deactivated/);
  assert.match(await page.textContent(".flash"), /deactivated/);
  assert.equal((await page.textContent("#key-state")).trim(), "Deactivated");
  assert.equal(await page.locator("#action-deactivate").count(), 0);
  await context.close();
});
