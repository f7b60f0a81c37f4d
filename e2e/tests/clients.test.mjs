// OIDC clients and MISP licences in the browser. An authentication partner with an approved Auth
// policy pastes a JWK (a mistake first, refused on the server and shown at the field), creates its
// client, reads its claims and ACRs, copies its id and deactivates it; the Partner Admin sees it
// inactive. A MISP partner generates its licence key, the admin reveals the same key and turns the
// licence off. axe-core checks every page on the way.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { ADMIN_PASSWORD, latestCode, launchBrowser, login, logout, signUp, startServer, violations } from "../lib/harness.mjs";

const PARTNER = "rp-e2e";
const MISP = "misp-e2e";
const PASSWORD = "correct horse 42";
const POLICY = "Sign-in for clinics";

let server, browser;

async function call(token, method, path, body) {
  const res = await fetch(`${server.base}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  assert.equal(res.status, 200, JSON.stringify(json));
  assert.deepEqual(json.errors ?? [], [], JSON.stringify(json));
  return json.response ?? json;
}

const envelope = (request) => ({ id: "mosip.pms.e2e", version: "1.0", requesttime: new Date().toISOString(), metadata: {}, request });
const tokenOf = async (username, password) => (await call(null, "POST", "/v1/auth/login", { username, password })).token;

/** Signs a partner up and has the Partner Admin approve it. */
async function registerAndApprove({ username, org, type, group }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.base}/register`);
  const email = `ana@${username}.example`;
  await signUp(page, { username, org, email, password: PASSWORD, type, group });
  await page.fill("#code", await latestCode(server.dataDir, email));
  await page.click("form[action='/register/verify'] button");
  await page.waitForURL(/\/register\/done/);
  await login(page, server.base, "admin", ADMIN_PASSWORD);
  await page.goto(`${server.base}/partners/${username}/approve`);
  await page.click("#confirm");
  await page.waitForURL(/done=partner-approve/);
  await context.close();
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const admin = await tokenOf("admin", ADMIN_PASSWORD);
  const group = await call(admin, "POST", "/v1/policymanager/policies/group/new", envelope({ name: "Health", desc: "Clinics" }));
  const policy = await call(admin, "POST", "/v1/policymanager/policies", envelope({
    policyGroupName: "Health",
    policyType: "Auth",
    name: POLICY,
    desc: "Residents sign in to clinics",
    version: "1.0",
    policies: {
      authTokenType: "partner",
      allowedAuthTypes: [{ authType: "otp", authSubType: "", mandatory: false }],
      allowedKycAttributes: [{ attributeName: "fullName" }, { attributeName: "email" }],
      kycLanguages: ["eng"],
    },
  }));
  await call(admin, "POST", `/v1/policymanager/policies/${policy.id}/group/${group.id}/publish`, {});
  await registerAndApprove({ username: PARTNER, org: "Clinic Sign-in", type: "Auth_Partner", group: "Health" });
  // The policy request and its approval have their own browser test; here they go through the API.
  const partner = await tokenOf(PARTNER, PASSWORD);
  const request = await call(partner, "POST", `/v1/partnermanager/partners/${PARTNER}/policy/map`,
    envelope({ policyName: POLICY, useCaseDescription: "Residents sign in to book visits" }));
  await call(admin, "PUT", `/v1/partnermanager/partners/policy/${request.mappingkey}`, envelope({ status: "Approved" }));
  await registerAndApprove({ username: MISP, org: "Relay E2E", type: "MISP_Partner", group: "" });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A page in a context whose CSP lets axe-core be injected. */
async function checkedPage() {
  const context = await browser.newContext({ bypassCSP: true });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.base });
  const page = await context.newPage();
  const found = [];
  const check = async () => {
    for (const v of await violations(page)) found.push(`${new URL(page.url()).pathname}: ${v}`);
  };
  return { context, page, found, check };
}

test("an OIDC client created from a pasted JWK, then deactivated", async () => {
  const { context, page, found, check } = await checkedPage();
  const jwk = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" });

  await login(page, server.base, PARTNER, PASSWORD);
  await page.click(`#card-auth-services-${PARTNER}`);
  await page.waitForURL(/\/oidc-clients$/);
  await check();
  await page.click("#new-client");
  await page.waitForURL(/\/oidc-clients\/new$/);
  await check();
  await page.selectOption("#grant", { label: POLICY });
  await page.fill("#name", "Clinic portal");
  await page.fill("#logoUri", "https://clinic.example/logo.png");
  await page.fill("#redirectUris", "https://clinic.example/callback\nhttps://clinic.example/again");
  // A private key is refused on the server, at its field, and the form keeps what was typed.
  await page.fill("#publicKey", JSON.stringify({ ...jwk, d: "c2VjcmV0" }));
  await page.click("#client-submit");
  await page.waitForLoadState("load");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "error-summary");
  assert.match(await page.textContent("#publicKey-error"), /usable JWK/);
  assert.equal(await page.inputValue("#name"), "Clinic portal");
  await check();
  await page.fill("#publicKey", JSON.stringify(jwk));
  await page.click("#client-submit");
  await page.waitForURL(/\/oidc-clients\/[\w-]+\?done=client-created/);
  assert.match(await page.textContent(".flash"), /has been created/);
  const clientId = await page.inputValue("#client-id");
  assert.match(clientId, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(await page.textContent("#client-status"), "Active");
  assert.equal(await page.textContent("#client-claims"), "name, email");
  assert.equal(await page.textContent("#client-acrs"), "mosip:idp:acr:generated-code");
  assert.equal(await page.isVisible("#copy-client-id"), true, "scripts reveal the copy button");
  await page.click("#copy-client-id");
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), clientId);
  await check();

  // The same key again is refused.
  await page.goto(`${server.base}/oidc-clients/new`);
  await page.selectOption("#grant", { label: POLICY });
  await page.fill("#name", "Clinic portal twice");
  await page.fill("#logoUri", "https://clinic.example/logo.png");
  await page.fill("#redirectUris", "https://clinic.example/callback");
  await page.fill("#publicKey", JSON.stringify(jwk));
  await page.click("#client-submit");
  await page.waitForLoadState("load");
  assert.match(await page.textContent("#publicKey-error"), /already registered/);

  // Edit the name, then deactivate after confirmation.
  await page.goto(`${server.base}/oidc-clients/${clientId}`);
  await page.click("#edit-client");
  await page.waitForURL(/\/edit$/);
  await check();
  await page.fill("#name", "Clinic portal (new)");
  await page.click("#client-submit");
  await page.waitForURL(/done=client-updated/);
  assert.match(await page.textContent("h1"), /Clinic portal \(new\)/);
  await page.click("#deactivate-client");
  await page.waitForURL(/\/deactivate$/);
  await check();
  await page.click("#confirm");
  await page.waitForURL(/done=client-deactivated/);
  assert.equal(await page.textContent("#client-status"), "Inactive");
  assert.equal(await page.isVisible("#deactivate-client"), false);
  await logout(page);

  // The Partner Admin lists it, inactive, filtered by status.
  await login(page, server.base, "admin", ADMIN_PASSWORD);
  await page.click("nav.main-nav a[href='/oidc-clients']");
  await page.selectOption("#status-filter", "INACTIVE");
  await page.click("#apply-filters");
  await page.waitForURL(/status=INACTIVE/);
  assert.match(await page.textContent("#clients tbody"), /Clinic portal \(new\)[\s\S]*rp-e2e[\s\S]*Clinic Sign-in[\s\S]*Inactive/);
  await check();
  assert.deepEqual(found, []);
  await context.close();
});

test("a MISP's licence key, revealed by the admin and turned off", async () => {
  const { context, page, found, check } = await checkedPage();
  await login(page, server.base, MISP, PASSWORD);
  await page.click(`#card-misp-${MISP}`);
  await page.waitForURL(/\/misp-licences$/);
  await check();
  await page.click("#generate-licence");
  await page.waitForSelector("#licence-key-value");
  const key = await page.inputValue("#licence-key-value");
  assert.match(key, /^[A-Za-z0-9]{50}$/);
  await check();
  await page.click("#licence-done");
  await page.waitForURL(/\/misp-licences$/);
  assert.match(await page.textContent("#licences tbody"), new RegExp(`${key.slice(0, 6)}…[\\s\\S]*Active`));
  assert.equal((await page.content()).includes(key), false, "the list never shows the whole key");
  assert.equal(await page.isVisible("#generate-licence"), false, "one licence per MISP");
  await logout(page);

  await login(page, server.base, "admin", ADMIN_PASSWORD);
  await page.click("nav.main-nav a[href='/misp-licences']");
  await check();
  await page.click("#reveal-1");
  await page.waitForSelector("#licence-key-value");
  assert.equal(await page.inputValue("#licence-key-value"), key);
  await page.goto(`${server.base}/misp-licences`);
  await page.click("#deactivate-licence-1");
  await page.waitForURL(/\/deactivate$/);
  await check();
  await page.click("#confirm");
  await page.waitForURL(/done=licence-deactivated/);
  assert.match(await page.textContent("#licences tbody"), /Deactivated/);
  assert.deepEqual(found, []);
  await context.close();
});
