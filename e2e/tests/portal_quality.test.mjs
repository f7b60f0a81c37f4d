// The portal's shared patterns in a real browser: every form error at once with the focus on the
// summary, a visible focus everywhere, lists that fit a phone, Arabic that keeps dates in order, and
// axe-core finding no serious or critical violation on any page of the walk-through.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import {
  ADMIN_PASSWORD, createPolicyGroup, latestCode, launchBrowser, login, logout, signUp, startServer, violations,
} from "../lib/harness.mjs";

const PASSWORD = "correct horse 42";
let server, browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  await createPolicyGroup(browser, server.base, "Banking", "Banks and payment providers");
  // A partner with a certificate page, a partner list with a row, an audit trail with rows.
  const page = await browser.newPage();
  await page.goto(`${server.base}/register`);
  await signUp(page, { username: "bank-one", org: "Bank One", email: "ana@bank-one.example", password: PASSWORD });
  await page.fill("#code", await latestCode(server.dataDir, "ana@bank-one.example"));
  await page.click("form[action='/register/verify'] button");
  await page.waitForURL(/\/register\/done/);
  await page.close();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});


async function setLanguage(page, code) {
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.selectOption("#lang-select", code)]);
}

const VISITOR_PAGES = ["/login", "/register", "/register/verify?email=ana%40bank-one.example&done=code-sent"];
const ADMIN_PAGES = [
  "/", "/partners", "/partners/bank-one", "/policy-groups", "/policy-groups/new", "/policies", "/policies/new",
  "/trust-store", "/trust-store/upload", "/trust-store/expiring", "/audit", "/profile",
  "/approvals", "/sbis", "/devices", "/chips",
];
// The event pages and the notifications are checked by delivery.test.mjs.
const PARTNER_PAGES = ["/", "/profile", "/certificates", "/certificates/bank-one"];

for (const [lang, width] of [["eng", 1280], ["ara", 390]]) {
  test(`every page of the walk-through passes axe-core (${lang}, ${width} px)`, async () => {
    // The portal's CSP forbids inline scripts; axe-core is injected as one, so only this test
    // context bypasses it.
    const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    const found = [];
    // The checker itself must see a violation where there is one.
    await page.setContent("<!doctype html><html lang='en'><title>t</title><main><img src='x.png'></main></html>");
    assert.ok((await violations(page)).some((v) => v.startsWith("image-alt")), "axe-core did not run");
    const check = async (path) => {
      await page.goto(`${server.base}${path}`);
      for (const v of await violations(page)) found.push(`${path}: ${v}`);
    };
    await page.goto(`${server.base}/login`);
    if (lang !== "eng") await setLanguage(page, lang);
    for (const path of VISITOR_PAGES) await check(path);
    await login(page, server.base, "admin", ADMIN_PASSWORD);
    for (const path of ADMIN_PAGES) await check(path);
    await logout(page);
    await login(page, server.base, "bank-one", PASSWORD);
    for (const path of PARTNER_PAGES) await check(path);
    assert.deepEqual(found, []);
    await context.close();
  });
}

test("a form with many mistakes reports them all at once, with the focus on the summary", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.base}/register`);
  await page.fill("#emailId", "not-an-address");
  await page.fill("#password", "short1");
  await page.fill("#passwordConfirm", "different");
  await page.click("#main form[action='/register'] button[type=submit]");
  await page.waitForLoadState("load");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "error-summary");
  const links = await page.locator("#error-summary a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  for (const field of ["#organizationName", "#firstName", "#lastName", "#emailId", "#password", "#passwordConfirm", "#terms"]) {
    assert.ok(links.includes(field), `${field} missing from the summary: ${links}`);
  }
  const invalid = await page.locator("[aria-invalid=true]").count();
  assert.equal(invalid, links.length, "each summarised field is marked invalid");
  // A link of the summary takes the user to its field.
  await page.click("#error-summary a[href='#emailId']");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "emailId");
  const describedBy = await page.getAttribute("#emailId", "aria-describedby");
  assert.match(await page.textContent(`#${describedBy}`), /not valid/);
  await page.close();
});

/** WCAG contrast ratio of two CSS colours (rgb/rgba strings; alpha ignored). */
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

test("the keyboard focus is visible at 3:1 or more on the header and on the page", async () => {
  const page = await browser.newPage();
  await login(page, server.base, "admin", ADMIN_PASSWORD);
  await page.goto(`${server.base}/policy-groups`);
  const measured = [];
  // Tab through the first elements: the header's links and controls, then the page's.
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press("Tab");
    const m = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      let bg = null;
      for (let n = el.parentElement; n && !bg; n = n.parentElement) {
        const c = getComputedStyle(n).backgroundColor;
        if (c && c !== "transparent" && !c.endsWith(", 0)")) bg = c;
      }
      return { what: el.outerHTML.slice(0, 60), width: style.outlineWidth, style: style.outlineStyle,
               outline: style.outlineColor, bg: bg || "rgb(255, 255, 255)" };
    });
    if (m) measured.push(m);
  }
  assert.ok(measured.length > 10, "the tab order reaches the header and the page");
  for (const m of measured) {
    assert.notEqual(m.style, "none", `no focus outline on ${m.what}`);
    assert.ok(parseFloat(m.width) >= 2, `thin focus outline on ${m.what}`);
    const ratio = contrast(m.outline, m.bg);
    assert.ok(ratio >= 3, `focus contrast ${ratio.toFixed(2)}:1 on ${m.what} (${m.outline} on ${m.bg})`);
  }
  assert.ok(measured.some((m) => contrast("rgb(31, 95, 174)", m.bg) < 1.1), "some focus was measured on the blue header");
  await page.close();
});

test("at 390 px no list scrolls sideways, rows are cards with the status first, the menu folds", async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await login(page, server.base, "admin", ADMIN_PASSWORD);
  for (const path of ["/partners", "/policy-groups", "/policies", "/trust-store", "/trust-store/expiring", "/audit", "/approvals", "/sbis", "/devices", "/chips"]) {
    await page.goto(`${server.base}${path}`);
    const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(scroll <= client, `${path} scrolls sideways: ${scroll} > ${client}`);
  }
  await page.goto(`${server.base}/partners`);
  const firstCell = await page.evaluate(() => {
    const row = document.querySelector("#partners tbody tr");
    const cells = [...row.querySelectorAll("td")].sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
    return cells[0].getAttribute("data-label");
  });
  assert.equal(firstCell, "Status");
  assert.equal(await page.isVisible(".main-nav"), false, "the menu starts folded");
  await page.click("details.menu > summary");
  assert.equal(await page.isVisible(".main-nav"), true);
  assert.equal(await page.isVisible("#apply-filters"), false, "the filters start folded");
  await page.click("details.filters-panel > summary");
  assert.equal(await page.isVisible("#apply-filters"), true);
  await context.close();
});

test("in Arabic, dates, ids and addresses keep their left-to-right order", async () => {
  const page = await browser.newPage();
  await login(page, server.base, "admin", ADMIN_PASSWORD);
  await setLanguage(page, "ara");
  await page.goto(`${server.base}/partners`);
  const cells = await page.locator("#partners tbody tr:first-child bdi[dir=ltr]").allTextContents();
  assert.ok(cells.includes("ana@bank-one.example"), `${cells}`);
  const stamp = cells.find((c) => /UTC$/.test(c));
  assert.match(stamp, /^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
  // Rendered as one left-to-right run: the year is left of the zone on screen.
  const box = await page.evaluate((text) => {
    const bdi = [...document.querySelectorAll("bdi")].find((b) => b.textContent === text);
    const range = document.createRange();
    range.setStart(bdi.firstChild, 0);
    range.setEnd(bdi.firstChild, 4);
    const year = range.getBoundingClientRect();
    range.setStart(bdi.firstChild, text.length - 3);
    range.setEnd(bdi.firstChild, text.length);
    const zone = range.getBoundingClientRect();
    const style = getComputedStyle(bdi);
    return { year: [year.left, year.top], zone: [zone.left, zone.top], direction: style.direction, bidi: style.unicodeBidi };
  }, stamp);
  assert.deepEqual([box.direction, box.bidi], ["ltr", "isolate"]);
  const [sameLine, before] = [box.year[1] === box.zone[1], box.year[0] < box.zone[0] || box.year[1] < box.zone[1]];
  assert.ok(before && (!sameLine || box.year[0] < box.zone[0]), `the date reads right to left: ${JSON.stringify(box)}`);
  await page.goto(`${server.base}/partners/bank-one`);
  assert.doesNotMatch(await page.textContent("#main"), /\beng\b/, "the language shows by its name");
  await setLanguage(page, "eng");
  await page.close();
});
