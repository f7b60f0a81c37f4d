// Login through an external OpenID provider (npm's oidc-provider, started here). A user of the
// provider clicks "Log in with …" on the portal, logs in and consents at the provider, and comes
// back logged in with the role the provider gives; a user the provider gives no PMS role is
// refused. The provider's own access token, obtained by another client of the provider, calls
// the API; a token signed by the provider's key but expired or for another audience, and one from
// another issuer, are refused.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { decodeJwt } from "jose";
import { freePort, launchBrowser, startServer, violations } from "../lib/harness.mjs";
import {
  AUDIENCE,
  CLIENT_ID,
  CLIENT_SECRET,
  signWithStrangerKey,
  startProvider,
  TOOL_ID,
  TOOL_REDIRECT,
  TOOL_SECRET,
} from "../lib/idp.mjs";

let server, provider, browser;

before(async () => {
  const pmsPort = await freePort();
  const issuer = `http://127.0.0.1:${await freePort()}`;
  provider = await startProvider({ issuer, pmsBase: `http://127.0.0.1:${pmsPort}` });
  server = await startServer(
    {
      PMS_PUBLIC_URL: `http://127.0.0.1:${pmsPort}`,
      PMS_OIDC_ISSUER: issuer,
      PMS_OIDC_CLIENT_ID: CLIENT_ID,
      PMS_OIDC_CLIENT_SECRET: CLIENT_SECRET,
      PMS_OIDC_AUDIENCE: AUDIENCE,
      PMS_OIDC_SCOPES: "openid profile email api",
      PMS_OIDC_PROVIDER_NAME: "Agency ID",
    },
    { port: pmsPort },
  );
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await provider?.stop();
});

/** Logs in at the provider's development pages and consents; then waits for `arrived` (a wait
 * the caller started before, for where the provider sends the browser). */
async function providerLogin(page, name, arrived) {
  await page.waitForSelector("input[name=login]");
  await page.fill("input[name=login]", name);
  await page.fill("input[name=password]", "any password");
  // HTTP redirects are one navigation: this ends on the consent page, or already beyond.
  await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
  if (new URL(page.url()).pathname.startsWith("/interaction/")) {
    // The consent page, the first time this client asks this user.
    await page.click("button[type=submit]", { noWaitAfter: true });
  }
  return arrived;
}

async function whoAmI(token) {
  const res = await fetch(`${server.base}/v1/partnermanager/authorize/admin/validateToken`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, body: res.status === 200 ? await res.json() : null };
}

test("a provider's user logs in through the portal and a roleless one is refused", async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${server.base}/login`);
  assert.deepEqual(await violations(page), []);
  const button = page.locator("#external-login");
  assert.equal((await button.textContent()).trim(), "Log in with Agency ID");
  await button.click();
  assert.ok(page.url().startsWith(provider.issuer), page.url());
  await providerLogin(page, "idp-admin", page.waitForURL(`${server.base}/`));
  // The Partner Admin's pages are open to the user the provider named Partner Admin.
  await page.goto(`${server.base}/users/idp-admin`);
  const text = await page.locator("#main").innerText();
  assert.match(text, /idp-admin@idp\.example/);
  assert.match(text, /PARTNER_ADMIN/);
  assert.doesNotMatch(text, /offline_access/);
  await page.goto(`${server.base}/audit?action=user.provision`);
  assert.match(await page.locator("#main").innerText(), /idp-admin/);
  await context.close();

  // The provider vouches for this user but gives no PMS role: no account is made.
  const stranger = await browser.newContext();
  const other = await stranger.newPage();
  await other.goto(`${server.base}/login`);
  await other.click("#external-login");
  await providerLogin(other, "idp-nobody", other.waitForURL(`${server.base}/login/oidc/callback?**`));
  assert.match(await other.locator("#login-error").innerText(), /no PMS role/);
  await stranger.close();
});

test("the API accepts the provider's access tokens and refuses forged, expired and foreign ones", async () => {
  // Another client of the provider (a partner's tool) gets a token by the authorisation code flow.
  const context = await browser.newContext();
  const page = await context.newPage();
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  const authorize = new URL(`${provider.issuer}/auth`);
  for (const [k, v] of Object.entries({
    client_id: TOOL_ID,
    redirect_uri: TOOL_REDIRECT,
    response_type: "code",
    scope: "openid profile api",
    state: "s1",
    code_challenge: challenge,
    code_challenge_method: "S256",
  })) {
    authorize.searchParams.set(k, v);
  }
  await page.goto(authorize.href);
  // Nothing listens there: the browser's attempt is enough to read the code.
  const sent = page.waitForRequest((r) => r.url().startsWith(TOOL_REDIRECT));
  const redirected = new URL((await providerLogin(page, "idp-admin", sent)).url());
  assert.equal(redirected.searchParams.get("state"), "s1");
  const answer = await fetch(`${provider.issuer}/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`${TOOL_ID}:${TOOL_SECRET}`).toString("base64")}`,
    },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code: redirected.searchParams.get("code"),
      redirect_uri: TOOL_REDIRECT,
      code_verifier: verifier,
    }),
  }).then((r) => r.json());
  await context.close();
  assert.ok(answer.access_token, JSON.stringify(answer));

  const me = await whoAmI(answer.access_token);
  assert.equal(me.status, 200);
  assert.equal(me.body.response.userId, "idp-admin");
  assert.match(me.body.response.role, /PARTNER_ADMIN/);

  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: provider.issuer,
    // The provider's subject for this user, as its own token says.
    sub: decodeJwt(answer.access_token).sub,
    aud: AUDIENCE,
    iat: now,
    exp: now + 300,
    preferred_username: "idp-admin",
    realm_access: { roles: ["PARTNER_ADMIN"] },
  };
  // The test's own copy of the provider's key makes a token the provider could have issued…
  assert.equal((await whoAmI(await provider.sign(claims))).status, 200);
  // …but not one that has expired, nor one for another audience.
  assert.equal((await whoAmI(await provider.sign({ ...claims, iat: now - 7200, exp: now - 3600 }))).status, 401);
  assert.equal((await whoAmI(await provider.sign({ ...claims, aud: "another-api" }))).status, 401);
  // Another issuer, and the right issuer with a key it never published.
  assert.equal((await whoAmI(await signWithStrangerKey({ ...claims, iss: "http://127.0.0.1:9/elsewhere" }))).status, 401);
  assert.equal((await whoAmI(await signWithStrangerKey(claims))).status, 401);
});
