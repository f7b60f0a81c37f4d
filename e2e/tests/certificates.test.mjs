// Certificates in the portal, with certificates made by the openssl command-line tool: the Partner
// Admin uploads a root and an intermediate into AUTH through the trust-store form; a partner that
// registered itself uploads its certificate on its page (without JavaScript), sees the days left
// and downloads both copies.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ADMIN_PASSWORD, createPolicyGroup, latestCode, launchBrowser, login, signUp, startServer } from "../lib/harness.mjs";

const ORG = "Bank E2E One";
const PARTNER = "bank-e2e";
const PASSWORD = "correct horse 42";

let server, browser, dir;

function openssl(...args) {
  return execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] }).toString();
}

const serial = () => `0x${randomBytes(8).toString("hex")}`;

/** A root, an intermediate and a partner certificate for `ORG`, EC P-256, valid from now. */
function makeCertificates() {
  writeFileSync(
    join(dir, "req.cnf"),
    [
      "[req]",
      "distinguished_name = dn",
      "prompt = no",
      "x509_extensions = root_ext",
      "[dn]",
      "CN = E2E Root CA",
      "O = E2E Trust Services",
      "[root_ext]",
      "basicConstraints = critical, CA:TRUE",
      "keyUsage = critical, keyCertSign, cRLSign",
      "subjectKeyIdentifier = hash",
      "",
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
  for (const k of ["root", "issuing", "partner"]) {
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", `${k}.key`);
  }
  openssl("req", "-x509", "-new", "-config", "req.cnf", "-key", "root.key", "-sha256", "-days", "3650", "-set_serial", serial(), "-out", "root.pem");
  const issue = (name, subject, issuer, days, ext) => {
    openssl("req", "-new", "-config", "req.cnf", "-key", `${name}.key`, "-subj", subject, "-out", `${name}.csr`);
    openssl("x509", "-req", "-in", `${name}.csr`, "-CA", `${issuer}.pem`, "-CAkey", `${issuer}.key`, "-set_serial", serial(),
      "-days", String(days), "-sha256", "-extfile", ext, "-out", `${name}.pem`);
  };
  issue("issuing", "/CN=E2E Issuing CA/O=E2E Trust Services", "root", 1825, "ca.ext");
  issue("partner", `/CN=${PARTNER}.example/O=${ORG}`, "issuing", 730, "leaf.ext");
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "pms-e2e-pki-"));
  makeCertificates();
  server = await startServer();
  browser = await launchBrowser();
  // Auth partners register into a policy group.
  await createPolicyGroup(browser, server.base, "Banking", "Banks");
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("the Partner Admin uploads a root, then an intermediate, into AUTH through the form", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, server.base, "admin", ADMIN_PASSWORD);
  await page.click("nav.main-nav a[href='/trust-store']");
  await page.click("#upload-ca");

  // The root as a file.
  await page.selectOption("#partnerDomain", "AUTH");
  await page.setInputFiles("#certificateFile", join(dir, "root.pem"));
  await page.click("#upload-submit");
  await page.waitForURL(/\/trust-store\/[0-9a-f-]+\?done=ca-upload-success/);
  assert.match(await page.textContent(".flash"), /Upload Success\./);
  assert.match(await page.textContent("#ca-subject"), /E2E Root CA/);

  // A partner certificate is no CA: refused, and said so next to the certificate.
  await page.goto(`${server.base}/trust-store/upload`);
  await page.selectOption("#partnerDomain", "AUTH");
  await page.fill("#certificateData", readFileSync(join(dir, "partner.pem"), "utf8"));
  await page.click("#upload-submit");
  assert.match(await page.textContent("#certificateData-error"), /cannot be used in this role.*\(KER-PCM-018\)/);

  // The intermediate, pasted.
  await page.selectOption("#partnerDomain", "AUTH");
  await page.fill("#certificateData", readFileSync(join(dir, "issuing.pem"), "utf8"));
  await page.click("#upload-submit");
  await page.waitForURL(/\/trust-store\/[0-9a-f-]+\?done=ca-upload-success/);
  assert.match(await page.textContent("#ca-subject"), /E2E Issuing CA/);
  assert.equal(await page.locator("#issuer-link").count(), 1);

  // Listed under their tabs.
  await page.goto(`${server.base}/trust-store`);
  assert.equal(await page.locator("#trust-certificates tbody tr").count(), 2);
  await page.click("#tab-root");
  await page.waitForURL(/caCertificateType=ROOT/);
  const roots = page.locator("#trust-certificates tbody tr");
  assert.equal(await roots.count(), 1);
  assert.match(await roots.first().textContent(), /E2E Root CA[\s\S]*AUTH|AUTH[\s\S]*E2E Root CA/);
  await page.click("#tab-intermediate");
  await page.waitForURL(/caCertificateType=INTERMEDIATE/);
  const intermediates = page.locator("#trust-certificates tbody tr");
  assert.equal(await intermediates.count(), 1);
  assert.match(await intermediates.first().textContent(), /CN=E2E Issuing CA/);
  assert.match(await intermediates.first().textContent(), /Active/);
  await context.close();
});

async function register(page) {
  await page.goto(`${server.base}/register`);
  await signUp(page, { username: PARTNER, org: ORG, email: `ana@${PARTNER}.example`, password: PASSWORD });
  await page.fill("#code", await latestCode(server.dataDir, `ana@${PARTNER}.example`));
  await page.click("form[action='/register/verify'] button");
  await page.waitForURL(/\/register\/done/);
}

test("a partner uploads its certificate on its page, sees the days left and downloads both copies", async () => {
  // Without JavaScript: the file input, the form and the downloads need none.
  const context = await browser.newContext({ javaScriptEnabled: false, acceptDownloads: true });
  const page = await context.newPage();
  await register(page);
  await login(page, server.base, PARTNER, PASSWORD);
  const card = page.locator(`#card-certificate-${PARTNER}`);
  assert.match(await card.textContent(), /No certificate yet/);

  await card.click();
  await page.waitForURL(new RegExp(`/certificates/${PARTNER}$`));
  assert.equal(await page.inputValue("#partnerDomain"), "AUTH", "preselected from the partner type");
  await page.setInputFiles("#certificateFile", join(dir, "partner.pem"));
  await page.click("#upload-submit");
  await page.waitForURL(/done=certificate-uploaded/);
  assert.match(await page.textContent(".flash"), /accepted and signed/);
  assert.match(await page.textContent("#certificate-days-left"), /36[45] days left/);
  assert.match(await page.textContent("#certificate-trust"), /^trusted/);

  const downloaded = async (selector) => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.click(selector)]);
    return readFileSync(await download.path(), "utf8");
  };
  const original = await downloaded("#download-original");
  assert.equal(original.trim(), readFileSync(join(dir, "partner.pem"), "utf8").trim());
  const signed = await downloaded("#download-signed");
  writeFileSync(join(dir, "signed.pem"), signed);
  writeFileSync(join(dir, "platform.pem"), await (await fetch(`${server.base}/v1/pms/platform-ca`)).text());
  // The platform's copy: the partner's subject and key, issued and verifiable by the platform CA.
  const subject = (file) => openssl("x509", "-in", file, "-noout", "-subject", "-nameopt", "RFC2253");
  const pubkey = (file) => openssl("x509", "-in", file, "-noout", "-pubkey");
  assert.equal(subject("signed.pem"), subject("partner.pem"));
  assert.match(subject("signed.pem"), new RegExp(`O=${ORG}`));
  assert.equal(pubkey("signed.pem"), pubkey("partner.pem"));
  assert.match(openssl("verify", "-CAfile", "platform.pem", "signed.pem"), /signed\.pem: OK/);
  assert.match(openssl("x509", "-in", "signed.pem", "-noout", "-issuer"), /PMS Platform CA/);

  // The history and the dashboard.
  assert.equal(await page.locator("#certificate-history tbody tr").count(), 1);
  await page.goto(`${server.base}/`);
  assert.match(await page.textContent(`#card-certificate-${PARTNER}`), /36[45] days left/);
  await context.close();
});
