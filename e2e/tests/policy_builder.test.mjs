// The policy builder: checkboxes and pickers write the JSON tab live, the saved document is the one
// the API returns, a schema error shows at the builder field, the version diff, and the API
// reference's navigation by tag with its search box.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ADMIN_PASSWORD, createPolicyGroup, launchBrowser, login, startServer } from "../lib/harness.mjs";

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  await createPolicyGroup(browser, server.base, "Banking", "Banks");
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function apiToken() {
  const res = await fetch(`${server.base}/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: ADMIN_PASSWORD }),
  });
  assert.equal(res.status, 200);
  return (await res.json()).token;
}

test("build an auth policy, see the JSON in sync, save it, diff its versions", async () => {
  const page = await browser.newPage();
  await login(page, server.base, "admin", ADMIN_PASSWORD);
  await page.goto(`${server.base}/policies/new?policyType=Auth`);
  await page.selectOption("#policyGroupName", "Banking");
  await page.fill("#name", "Built KYC");
  await page.fill("#desc", "Made with the builder");

  // Uncheck everything the example had, then build the policy with the controls.
  for (const box of await page.locator("#authTypes input[type=checkbox]").all()) {
    await box.uncheck();
  }
  await page.selectOption("#authTokenType", "policy");
  await page.check("#authType-otp");
  await page.check("#mandatory-otp");
  await page.check("#authType-bio-IRIS");
  await page.selectOption("#kycAttributes", ["fullName", "email"]);
  await page.selectOption("#kycLanguages", ["fra"]);
  const expected = {
    authTokenType: "policy",
    allowedAuthTypes: [
      { authType: "otp", authSubType: "", mandatory: true },
      { authType: "bio", authSubType: "IRIS", mandatory: false },
    ],
    allowedKycAttributes: [{ attributeName: "fullName" }, { attributeName: "email" }],
    kycLanguages: ["fra"],
  };

  // The JSON tab shows that document, and editing it there moves the checkboxes.
  await page.click("#tab-json");
  assert.equal(await page.isVisible("#policies"), true);
  assert.equal(await page.isVisible("#authTokenType"), false);
  assert.deepEqual(JSON.parse(await page.inputValue("#policies")), expected);
  const edited = structuredClone(expected);
  edited.allowedAuthTypes.push({ authType: "demo", authSubType: "", mandatory: false });
  await page.fill("#policies", JSON.stringify(edited, null, 2));
  await page.click("#tab-builder");
  assert.equal(await page.isChecked("#authType-demo"), true);
  await page.uncheck("#authType-demo");
  assert.deepEqual(JSON.parse(await page.inputValue("#policies")), expected);

  await page.click("#save-policy");
  await page.waitForURL(/\/policies\/[^/?]+\?done=policy-created/);
  const id = new URL(page.url()).pathname.split("/").pop();

  // The API returns exactly the built document.
  const token = await apiToken();
  const res = await fetch(`${server.base}/v1/policymanager/policies/${id}`, { headers: { authorization: `Bearer ${token}` } });
  assert.deepEqual((await res.json()).response.policies, expected);

  // A schema error shows at the builder field it concerns.
  await page.click("#edit-policy");
  await page.selectOption("#authTokenType", "");
  await page.click("#save-policy");
  await page.waitForSelector("#authTokenType-error");
  assert.equal(await page.getAttribute("#authTokenType", "aria-invalid"), "true");
  assert.match(await page.textContent("#authTokenType-error"), /authTokenType/);
  assert.match(await page.textContent("#error-summary"), /authTokenType/);
  // Next to schema errors, the JSON tab does not call the document valid.
  await page.click("#tab-json");
  assert.doesNotMatch(await page.textContent("#json-status"), /Valid JSON/);

  // A valid change makes version 2; its diff marks the changed line.
  await page.click("#tab-builder");
  await page.selectOption("#authTokenType", "random");
  await page.click("#save-policy");
  await page.waitForURL(/done=policy-saved/);
  await page.click("#changes-2");
  await page.waitForURL(/\/versions\/2$/);
  const removed = page.locator("#diff tr.diff-removed");
  const added = page.locator("#diff tr.diff-added");
  assert.equal(await removed.count(), 1);
  assert.equal(await added.count(), 1);
  assert.match(await removed.textContent(), /removed.*"authTokenType": "policy"/s);
  assert.match(await added.textContent(), /added.*"authTokenType": "random"/s);
  await page.close();
});

test("the API reference navigates by tag and its search filters the operations", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.base}/api-docs`);
  assert.equal(await page.isVisible("#docs-nav a[href='#policies']"), true);
  assert.equal(await page.getAttribute("#back-to-portal", "href"), "/");
  const all = await page.locator("article.op:visible").count();
  assert.ok(all > 50, `${all} operations`);
  await page.fill("#op-search", "clone");
  const shown = page.locator("article.op:visible");
  assert.equal(await shown.count(), 1);
  assert.match(await shown.first().textContent(), /\/v1\/policymanager\/policies\/\{policyId\}\/clone/);
  assert.equal(await page.isVisible("#docs-nav [data-tag='partners']"), false);
  assert.equal(await page.isVisible("#docs-nav [data-tag='policies']"), true);
  // Error codes are searchable: the operations that can answer PMS_POL_014.
  await page.fill("#op-search", "PMS_POL_014");
  assert.equal(await page.locator("article.op:visible").count(), 2);
  await page.fill("#op-search", "");
  assert.equal(await page.locator("article.op:visible").count(), all);
  await page.close();
});
