// The explorer as a person uses it, in headless Chromium (Debian's, driven by playwright-core):
// the connect page for 赣州 → 粤港澳大湾区 lists every measure `policykg connect` lists, shows the
// CEPREI chain (中国赛宝实验室) and highlights each evidence quote; a click leads to an entity page;
// YASGUI runs a query against /sparql. Requests leaving the server are refused and fail the test.
//
// usage: node e2e.mjs BASE_URL  (env: EXPECTED_MEASURES = JSON array of ids like "M01";
//        SCREENSHOT = where to save the connect page; CHROMIUM = the browser, /usr/bin/chromium)
import { session } from "./e2e-session.mjs";

const base = process.argv[2];
const expected = JSON.parse(process.env.EXPECTED_MEASURES || "[]");

await session(base, async ({ page, check, ready }) => {
  // The connect page.
  await page.goto(`${base}/#/connect?a=${encodeURIComponent("赣州")}&b=${encodeURIComponent("粤港澳大湾区")}`);
  await ready("connect");
  await page.waitForSelector("#summary");
  const shown = await page.$$eval(".card.measure", (cards) => cards.map((c) => c.dataset.measure));
  check(expected.length > 0, `the CLI lists measures (${expected.length})`);
  for (const id of expected) check(shown.includes(id), `measure ${id} is on the connect page`);
  check(shown.length === expected.length, `as many measures as the CLI (${shown.length} = ${expected.length})`);
  const measuresText = await page.textContent("#measures");
  check(measuresText.includes("中国赛宝实验室"), "the CEPREI chain (中国赛宝实验室) is shown");
  const hits = await page.$$eval("#measures mark.hit", (m) => m.map((x) => x.textContent));
  check(hits.length === expected.length && hits.every((h) => h.length > 0), `each evidence quote is highlighted (${hits.length})`);
  await page.waitForFunction(() => !document.querySelector("#diagram")?.textContent.includes("Drawing"), null, { timeout: 60000 });
  check(await page.$("#diagram svg, #diagram .drawn") !== null, "the bridge diagram is drawn");
  if (process.env.SCREENSHOT) await page.screenshot({ path: process.env.SCREENSHOT });

  // Through to an entity.
  await page.click('#measures a:text("中国赛宝实验室")');
  await page.waitForFunction(() => location.hash.startsWith("#/entity"));
  await ready("entity");
  const title = await page.textContent("h1");
  check(title.includes("中国赛宝实验室"), `the entity page opens (${title.trim()})`);
  check((await page.$$("main h2")).length >= 1 && (await page.textContent("main")).includes("Neighbours"), "the entity page lists neighbours");

  // Search as you type, in Traditional script.
  await page.fill("#search", "贛州");
  await page.waitForSelector("#suggestions:not([hidden]) a", { timeout: 30000 });
  const suggested = await page.$$eval("#suggestions a", (a) => a.map((x) => x.getAttribute("href")));
  check(suggested.some((h) => decodeURIComponent(h).includes("pkr:Ganzhou")), "typing 贛州 suggests 赣州 (pkr:Ganzhou)");
  await page.keyboard.press("Escape");

  // The article in Traditional script, every clause marked, and one span highlighted at its offsets.
  await page.goto(`${base}/#/connect?a=${encodeURIComponent("赣州")}&b=${encodeURIComponent("粤港澳大湾区")}`);
  await ready("connect");
  await page.waitForSelector("#summary");
  const card = await page.$(".card.measure:has-text('中国赛宝实验室')");
  const quote = await card.$eval("mark.hit", (m) => m.textContent);
  const range = await card.$eval(".context a", (a) => new URLSearchParams(a.getAttribute("href").split("?")[1]).get("at"));
  await page.goto(`${base}/#/article?script=hans&at=${range}`);
  await ready("article");
  const marked = new Set((await page.$$eval("#article mark[data-measure]", (m) => m.map((x) => x.dataset.measure))).join(" ").split(" "));
  check(expected.every((id) => marked.has(id)), `the article marks the clause of every measure listed (${marked.size} marked)`);
  const highlighted = await page.$$eval("#article mark.hit", (m) => m.map((x) => x.textContent).join(""));
  check(highlighted === quote, `the article highlights the quote at ${range} (${highlighted} = ${quote})`);
  await page.click("#main h1 a");
  await page.waitForFunction(() => location.hash.includes("script=hant"));
  await ready("article");
  const traditional = await page.$$eval("#article mark.hit", (m) => m.map((x) => x.textContent).join(""));
  check(traditional.length === Array.from(quote).length && traditional !== quote, `the Traditional article highlights the same span (${traditional})`);

  // A query in YASGUI.
  await page.goto(`${base}/#/query`);
  await ready("query");
  await page.waitForSelector(".yasqe .CodeMirror", { timeout: 60000 });
  await page.evaluate(() => { yasgui.getTab().setQuery("SELECT ?l WHERE { pkr:Ganzhou rdfs:label ?l } ORDER BY ?l"); });
  await page.evaluate(() => { yasgui.getTab().query(); });
  await page.waitForFunction(() => document.querySelector(".yasr")?.textContent.includes("贛州"), null, { timeout: 60000 });
  check(true, "YASGUI ran a query against /sparql and shows 贛州");
});
