// Test harness: a real `pms serve` on a free port with a fresh data directory (SQLite), and a
// headless Debian Chromium driven by playwright-core.

import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

export const ADMIN_PASSWORD = "admin-password-e2e-42";
const here = new URL(".", import.meta.url).pathname;
const binary = process.env.PMS_BIN || resolve(here, "../../target/debug/pms");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";

export function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/** Starts the server (on `port` if given); resolves once /healthz answers. */
export async function startServer(env = {}, { port: wanted } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "pms-e2e-"));
  const port = wanted ?? (await freePort());
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(binary, ["serve", "--listen", `127.0.0.1:${port}`, "--data-dir", dataDir], {
    env: { ...process.env, PMS_ADMIN_PASSWORD: ADMIN_PASSWORD, PMS_DATABASE_URL: "", PMS_LOG: "warn", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`pms exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error("pms did not start within 30 s");
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    dataDir,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

function readMails(dataDir, address) {
  const dir = join(dataDir, "mailbox");
  let files;
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  return files
    .filter((f) => f.endsWith(".eml"))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs)
    .map((f) => readFileSync(f, "utf8"))
    .filter((text) => text.toLowerCase().includes(`to: ${address.toLowerCase()}`));
}

/**
 * All e-mails sent to `address`, oldest first. The server's delivery worker sends them just after
 * the request that queued them; this waits (up to ten seconds) until `ready(mails)` holds.
 */
export async function mailsTo(dataDir, address, ready = (mails) => mails.length > 0) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const mails = readMails(dataDir, address);
    if (ready(mails) || Date.now() > deadline) return mails;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The six-digit code of the latest e-mail sent to `address`, once `ready(mails)` holds. */
export async function latestCode(dataDir, address, ready) {
  const last = (await mailsTo(dataDir, address, ready)).at(-1);
  if (!last) throw new Error(`no e-mail to ${address}`);
  const match = last.match(/^\s*(\d{6})\s*$/m);
  if (!match) throw new Error(`no code in the e-mail to ${address}`);
  return match[1];
}

export async function login(page, base, username, password) {
  await page.goto(`${base}/login`);
  await page.fill("#username", username);
  await page.fill("#password", password);
  await page.click("form[action='/login'] button[type=submit]");
  await page.waitForLoadState("load");
}

export async function logout(page) {
  await page.click("form[action='/logout'] button");
  await page.waitForURL(/\/login/);
}

/** Creates a policy group as the Partner Admin, in a page of its own. */
export async function createPolicyGroup(browser, base, name, desc) {
  const page = await browser.newPage();
  await login(page, base, "admin", ADMIN_PASSWORD);
  await page.goto(`${base}/policy-groups/new`);
  await page.fill("#name", name);
  await page.fill("#desc", desc);
  await page.click("#main form button[type=submit]");
  await page.waitForURL(/done=group-created/);
  await page.close();
}

/** Fills and sends the sign-up form; the page is then on the code page. */
export async function signUp(page, { username, org, email, password, type = "Auth_Partner", group = "Banking" }) {
  await page.fill("#organizationName", org);
  await page.selectOption("#partnerType", type);
  if (group) await page.selectOption("#policyGroup", group);
  await page.fill("#address", "1 Main Street, Capital");
  await page.fill("#firstName", "Ana");
  await page.fill("#lastName", "Lopez");
  await page.fill("#emailId", email);
  await page.fill("#contactNumber", "+33 1234 5678");
  await page.fill("#username", username);
  await page.fill("#password", password);
  await page.fill("#passwordConfirm", password);
  await page.check("#terms");
  await page.click("#main form[action='/register'] button[type=submit]");
  await page.waitForURL(/\/register\/verify/);
}

/** axe-core's serious and critical violations on the current page, as readable lines (the page's
 * context must bypass the CSP: axe-core is injected as an inline script). */
export async function violations(page) {
  await page.addScriptTag({ path: axePath });
  const results = await page.evaluate(async () => window.axe.run(document, { resultTypes: ["violations"] }));
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
}
