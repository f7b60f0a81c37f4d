// Device providers and FTM providers in the browser. A device provider signs up, is approved,
// registers an SBI; the Partner Admin approves it from the approvals page; the provider adds a
// device, the admin approves it; the provider deactivates the SBI and sees its device go with it.
// An FTM provider adds a chip and uploads its certificate (made with the openssl command-line tool
// under an FTM root and intermediate the admin uploaded), the admin approves it, the provider
// downloads the platform-signed copy. axe-core checks every page on the way.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ADMIN_PASSWORD, latestCode, launchBrowser, login, logout, signUp, startServer, violations } from "../lib/harness.mjs";

const PASSWORD = "correct horse 42";
const FTM_ORG = "Chip Works E2E";

let server, browser, dir;

function openssl(...args) {
  return execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] }).toString();
}

const serial = () => `0x${randomBytes(8).toString("hex")}`;

/** An FTM root, an intermediate, and a chip certificate for `FTM_ORG`, EC P-256, valid from now. */
function makeCertificates() {
  writeFileSync(
    join(dir, "req.cnf"),
    [
      "[req]", "distinguished_name = dn", "prompt = no", "x509_extensions = root_ext",
      "[dn]", "CN = E2E FTM Root CA", "O = E2E Chip Trust",
      "[root_ext]", "basicConstraints = critical, CA:TRUE", "keyUsage = critical, keyCertSign, cRLSign",
      "subjectKeyIdentifier = hash", "",
    ].join("\n"),
  );
  writeFileSync(
    join(dir, "ca.ext"),
    "basicConstraints = critical, CA:TRUE\nkeyUsage = critical, keyCertSign, cRLSign\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid:always\n",
  );
  writeFileSync(
    join(dir, "leaf.ext"),
    "basicConstraints = critical, CA:FALSE\nkeyUsage = critical, digitalSignature\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid:always\n",
  );
  for (const k of ["root", "issuing", "chip"]) {
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", `${k}.key`);
  }
  openssl("req", "-x509", "-new", "-config", "req.cnf", "-key", "root.key", "-sha256", "-days", "3650", "-set_serial", serial(), "-out", "root.pem");
  const issue = (name, subject, issuer, days, ext) => {
    openssl("req", "-new", "-config", "req.cnf", "-key", `${name}.key`, "-subj", subject, "-out", `${name}.csr`);
    openssl("x509", "-req", "-in", `${name}.csr`, "-CA", `${issuer}.pem`, "-CAkey", `${issuer}.key`, "-set_serial", serial(),
      "-days", String(days), "-sha256", "-extfile", ext, "-out", `${name}.pem`);
  };
  issue("issuing", "/CN=E2E FTM Issuing CA/O=E2E Chip Trust", "root", 1825, "ca.ext");
  issue("chip", `/CN=chipco-s1/O=${FTM_ORG}`, "issuing", 730, "leaf.ext");
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "pms-e2e-ftm-"));
  makeCertificates();
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Signs a provider up and has the Partner Admin approve it, in a context of its own. */
async function registerAndApprove({ username, org, type }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.base}/register`);
  const email = `ana@${username}.example`;
  await signUp(page, { username, org, email, password: PASSWORD, type, group: "" });
  await page.fill("#code", await latestCode(server.dataDir, email));
  await page.click("form[action='/register/verify'] button");
  await page.waitForURL(/\/register\/done/);
  await login(page, server.base, "admin", ADMIN_PASSWORD);
  await page.goto(`${server.base}/partners/${username}/approve`);
  await page.click("#confirm");
  await page.waitForURL(/done=partner-approve/);
  await context.close();
}

/** A page in a context whose CSP lets axe-core be injected. */
async function checkedPage() {
  const context = await browser.newContext({ bypassCSP: true, acceptDownloads: true });
  const page = await context.newPage();
  const found = [];
  const check = async () => {
    for (const v of await violations(page)) found.push(`${new URL(page.url()).pathname}: ${v}`);
  };
  return { context, page, found, check };
}

test("a device provider's SBI and device, approved from the approvals page, then deactivated together", async () => {
  await registerAndApprove({ username: "scan-e2e", org: "Scan E2E", type: "Device_Provider" });
  const { context, page, found, check } = await checkedPage();

  // The provider registers an SBI from its dashboard.
  await login(page, server.base, "scan-e2e", PASSWORD);
  await page.click("#card-devices-scan-e2e");
  await page.waitForURL(/\/sbis$/);
  await check();
  await page.click("#new-sbi");
  await page.waitForURL(/\/sbis\/new$/);
  await check();
  // A mistake first: the summary takes the focus and links to the field.
  await page.fill("#swVersion", "1.0.0");
  await page.fill("#swBinaryHash", "3f1c0a9e");
  await page.fill("#swCreateDateTime", "2000-01-01");
  const nextYear = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
  await page.fill("#swExpiryDateTime", nextYear);
  await page.click("#sbi-submit");
  await page.waitForLoadState("load");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "error-summary");
  assert.match(await page.textContent("#swCreateDateTime-error"), /10 years/);
  await check();
  await page.fill("#swCreateDateTime", new Date().toISOString().slice(0, 10));
  await page.click("#sbi-submit");
  await page.waitForURL(/\/sbis\/[\w-]+\?done=sbi-created/);
  const sbiPath = new URL(page.url()).pathname;
  assert.equal(await page.textContent("#sbi-status"), "Waiting for approval");
  assert.match(await page.textContent("#add-blocked"), /approved this SBI/);
  await check();
  await logout(page);

  // The admin finds it from the dashboard's count, on the approvals page.
  await login(page, server.base, "admin", ADMIN_PASSWORD);
  assert.match(await page.textContent("#count-pending-sbis"), /^\s*1\b/);
  await page.click("#count-approvals");
  await page.waitForURL(/\/approvals$/);
  assert.match(await page.textContent("#count-sbis"), /^\s*1\b/);
  await check();
  await page.click("#section-sbis a.button:has-text('Approve')");
  await page.waitForURL(/\/sbis\/[\w-]+\/approve$/);
  await check();
  await page.fill("#reason", "Hash checked against the release");
  await page.click("#confirm");
  await page.waitForURL(/done=sbi-approve/);
  assert.equal(await page.textContent("#sbi-status"), "Approved");
  await logout(page);

  // The provider adds a device; the subtype list follows the chosen type.
  await login(page, server.base, "scan-e2e", PASSWORD);
  await page.goto(`${server.base}${sbiPath}`);
  await page.selectOption("#deviceTypeCode", "Finger");
  assert.equal(await page.locator("#deviceSubTypeCode optgroup[data-type='Iris']").evaluate((g) => g.disabled), true);
  await page.selectOption("#deviceSubTypeCode", "Slap");
  await page.fill("#make", "ScanCo");
  await page.fill("#model", "Slap 4");
  await page.click("#device-submit");
  await page.waitForURL(/done=device-added/);
  assert.match(await page.textContent("#sbi-devices tbody"), /ScanCo[\s\S]*Slap 4[\s\S]*Waiting for approval/);
  await check();
  await page.goto(`${server.base}/devices`);
  await check();
  await logout(page);

  // The admin approves it from the approvals page.
  await login(page, server.base, "admin", ADMIN_PASSWORD);
  await page.goto(`${server.base}/approvals`);
  assert.match(await page.textContent("#count-devices"), /^\s*1\b/);
  await page.click("#section-devices a.button:has-text('Approve')");
  await page.waitForURL(/\/devices\/[\w-]+\/approve\?sbi=/);
  await check();
  await page.click("#confirm");
  await page.waitForURL(/\/devices\?done=device-approve/);
  await page.goto(`${server.base}/approvals`);
  assert.match(await page.textContent("#approvals-total"), /Nothing waits/);
  await logout(page);

  // The provider deactivates the SBI; the confirmation says what happens to the device.
  await login(page, server.base, "scan-e2e", PASSWORD);
  await page.goto(`${server.base}${sbiPath}`);
  await page.click("#deactivate-sbi");
  await page.waitForURL(/\/deactivate$/);
  assert.match(await page.textContent("#decide-notice"), /1 approved devices will be deactivated/);
  await check();
  await page.click("#confirm");
  await page.waitForURL(/done=sbi-deactivate/);
  assert.equal(await page.textContent("#sbi-status"), "Deactivated");
  assert.match(await page.textContent("#sbi-devices tbody"), /Deactivated/);
  assert.deepEqual(found, []);
  await context.close();
});

test("an FTM provider's chip certificate, approved by the admin, then downloaded", async () => {
  const { context, page, found, check } = await checkedPage();
  // The admin puts the FTM root and intermediate into the trust store.
  await login(page, server.base, "admin", ADMIN_PASSWORD);
  for (const file of ["root.pem", "issuing.pem"]) {
    await page.goto(`${server.base}/trust-store/upload`);
    await page.selectOption("#partnerDomain", "FTM");
    await page.setInputFiles("#certificateFile", join(dir, file));
    await page.click("#upload-submit");
    await page.waitForURL(/done=ca-upload-success/);
  }
  await logout(page);
  await registerAndApprove({ username: "chip-e2e", org: FTM_ORG, type: "FTM_Provider" });

  await login(page, server.base, "chip-e2e", PASSWORD);
  await page.click("#card-ftm-chip-e2e");
  await page.waitForURL(/\/chips$/);
  await check();
  await page.click("#new-chip");
  await check();
  await page.fill("#make", "Chipco");
  await page.fill("#model", "S1");
  await page.click("#chip-submit");
  await page.waitForURL(/\/chips\/[\w-]+\?done=chip-created/);
  const chipPath = new URL(page.url()).pathname;
  assert.equal(await page.textContent("#chip-status"), "Waiting for the chip certificate");
  await check();
  await page.setInputFiles("#certificateFile", join(dir, "chip.pem"));
  await page.click("#upload-submit");
  await page.waitForURL(/done=chip-certificate-uploaded/);
  assert.equal(await page.textContent("#chip-status"), "Waiting for approval");
  assert.match(await page.textContent("#certificate-subject"), /chipco-s1/);
  await check();
  await logout(page);

  await login(page, server.base, "admin", ADMIN_PASSWORD);
  await page.goto(`${server.base}/approvals`);
  assert.match(await page.textContent("#count-chips"), /^\s*1\b/);
  await page.click("#section-chips a.button:has-text('Approve')");
  await page.waitForURL(/\/chips\/[\w-]+\/approve$/);
  await page.click("#confirm");
  await page.waitForURL(/done=chip-approve/);
  await page.goto(`${server.base}/chips?status=all`);
  await check();
  await logout(page);

  await login(page, server.base, "chip-e2e", PASSWORD);
  await page.goto(`${server.base}${chipPath}`);
  assert.equal(await page.textContent("#chip-status"), "Approved");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-signed")]);
  assert.match(download.suggestedFilename(), /signed\.pem$/);
  const signed = readFileSync(await download.path(), "utf8");
  assert.match(signed, /^-----BEGIN CERTIFICATE-----/);
  assert.notEqual(signed.trim(), readFileSync(join(dir, "chip.pem"), "utf8").trim(), "the platform's copy");
  const [original] = await Promise.all([page.waitForEvent("download"), page.click("#download-original")]);
  assert.equal(readFileSync(await original.path(), "utf8").trim(), readFileSync(join(dir, "chip.pem"), "utf8").trim());
  assert.deepEqual(found, []);
  await context.close();
});
