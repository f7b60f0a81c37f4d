// A Policy Manager's day: groups, auth policies, schema errors, publish, deactivate, filter, clone.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ADMIN_PASSWORD, launchBrowser, login, startServer } from "../lib/harness.mjs";

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function createGroup(page, name, desc) {
  await page.goto(`${server.base}/policy-groups`);
  await page.click("#new-group");
  await page.fill("#name", name);
  await page.fill("#desc", desc);
  await page.click("#main form button[type=submit]");
  await page.waitForURL(/\/policy-groups\/[^/]+\?done=group-created/);
}

for (const javaScript of [true, false]) {
  test(`policy lifecycle in the portal (JavaScript ${javaScript ? "on" : "off"})`, async () => {
    const context = await browser.newContext({ javaScriptEnabled: javaScript });
    const page = await context.newPage();
    const suffix = javaScript ? "js" : "nojs";
    await login(page, server.base, "admin", ADMIN_PASSWORD);
    assert.match(await page.textContent("h1"), /Welcome/);

    await createGroup(page, `Banking ${suffix}`, "Banks and payment institutions");
    assert.match(await page.textContent(".flash"), /created/);
    await createGroup(page, `Insurance ${suffix}`, "Insurers");

    // A draft with a schema error: the error names the JSON path next to the document.
    await page.goto(`${server.base}/policies?policyType=Auth`);
    await page.click("#new-policy");
    await page.selectOption("#policyGroupName", `Banking ${suffix}`);
    await page.fill("#name", `KYC ${suffix}`);
    await page.fill("#desc", "e-KYC for bank accounts");
    const broken = {
      allowedAuthTypes: [{ authType: "otp", mandatory: false }],
      allowedKYCAttributes: [{ attributeName: "fullName" }],
    };
    // The builder is the first tab; the document is typed in the JSON tab.
    await page.click("#tab-json");
    await page.fill("#policies", JSON.stringify(broken, null, 2));
    if (javaScript) {
      // The instant check accepts well-formed JSON; the schema check is the server's.
      assert.match(await page.textContent("#json-status"), /Valid JSON/);
    }
    await page.click("#save-policy");
    const errors = await page.textContent("#policies-errors");
    assert.match(errors, /allowedKYCAttributes/);
    assert.match(errors, /authTokenType/);

    if (javaScript) {
      await page.fill("#policies", "{ not json");
      assert.match(await page.textContent("#json-status"), /Not valid JSON/);
    }
    const good = {
      authTokenType: "partner",
      allowedAuthTypes: [{ authType: "otp", authSubType: "", mandatory: false }],
      allowedKycAttributes: [{ attributeName: "fullName" }],
      kycLanguages: ["eng"],
    };
    await page.fill("#policies", JSON.stringify(good, null, 2));
    await page.click("#save-policy");
    await page.waitForURL(/\/policies\/[^/?]+\?done=policy-created/);
    const policyUrl = page.url().split("?")[0];
    assert.equal((await page.textContent("#policy-status")).trim(), "Draft");
    assert.match(await page.textContent("#policy-document"), /"authTokenType": "partner"/);

    // Edit while draft.
    await page.click("#edit-policy");
    await page.fill("#desc", "e-KYC with photo");
    await page.fill("#version", "1.1");
    await page.click("#save-policy");
    await page.waitForURL(/done=policy-saved/);
    assert.match(await page.textContent(".details"), /e-KYC with photo/);
    assert.equal(await page.locator("#history tbody tr").count(), 2);

    // Publish after confirmation; then it can no longer be edited.
    await page.click("#publish-policy");
    assert.match(page.url(), /\/publish$/);
    await page.click("#confirm");
    await page.waitForURL(/done=policy-published/);
    assert.equal((await page.textContent("#policy-status")).trim(), "Active");
    assert.equal(await page.locator("#edit-policy").count(), 0);

    // Clone into the other group: a new draft.
    await page.click("#clone-policy");
    await page.selectOption("#policyGroupName", `Insurance ${suffix}`);
    await page.click("#main form button[type=submit]");
    await page.waitForURL(/done=policy-cloned/);
    assert.equal((await page.textContent("#policy-status")).trim(), "Draft");

    // Deactivate the published one after confirmation.
    await page.goto(policyUrl);
    await page.click("#deactivate-policy");
    await page.click("#confirm");
    await page.waitForURL(/done=policy-deactivated/);
    assert.equal((await page.textContent("#policy-status")).trim(), "Deactivated");

    // Filter the list: by name and by status.
    await page.goto(`${server.base}/policies?policyType=Auth`);
    await page.fill("input[name=policyName]", `kyc ${suffix}`);
    await page.selectOption("select[name=status]", "deactivated");
    await page.click("#apply-filters");
    await page.waitForURL(/status=deactivated/);
    const rows = page.locator("#policies tbody tr");
    assert.equal(await rows.count(), 1);
    assert.match(await rows.first().textContent(), new RegExp(`Banking ${suffix}`));
    await page.selectOption("select[name=status]", "draft");
    await page.click("#apply-filters");
    await page.waitForURL(/status=draft/);
    assert.match(await page.locator("#policies tbody tr").first().textContent(), new RegExp(`Insurance ${suffix}`));

    // A group with a draft cannot be deactivated; the confirmation page says why.
    await page.goto(`${server.base}/policy-groups?policyGroupName=Insurance ${suffix}`);
    await page.click(`text=Insurance ${suffix}`);
    await page.click("#deactivate-group");
    assert.match(await page.textContent("#blocked"), /draft/);
    await context.close();
  });
}
