// The explorer over several documents, in headless Chromium: the home page lists each document; the
// connect page groups the measures by document and shows each one's evidence in its own document's
// text (the highlighted words are the measure's quote); an extracted document's article marks its
// own measures only. Requests leaving the server are refused and fail the test.
//
// usage: node e2e-documents.mjs BASE_URL  (env: EXPECTED = JSON {"documents": [id…], "quotes": {measure IRI: quote},
//        "article": {"doc": id, "measures": n}}; CHROMIUM = the browser, /usr/bin/chromium)
import { session } from "./e2e-session.mjs";

const base = process.argv[2];
const expected = JSON.parse(process.env.EXPECTED || "{}");

await session(base, async ({ page, check, ready }) => {
  await page.goto(`${base}/#/`);
  await ready("home");
  await page.waitForFunction(() => !document.querySelector("#documents .note"), null, { timeout: 30000 });
  const listed = await page.$$eval("#documents li .muted", (l) => l.map((x) => x.textContent.split(" · ")[0]));
  check(JSON.stringify(listed) === JSON.stringify(expected.documents), `the home page lists the documents (${listed.join(", ")})`);

  await page.goto(`${base}/#/connect?a=${encodeURIComponent("赣州")}&b=${encodeURIComponent("粤港澳大湾区")}`);
  await ready("connect");
  await page.waitForSelector("#summary");
  const headings = await page.$$eval("#measures h2.document .muted", (h) => h.map((x) => x.textContent));
  check(headings.length === expected.documents.length, `one heading per document (${headings.join(", ")})`);
  const cards = await page.$$eval(".card.measure", (cards) => cards.map((c) => ({
    href: c.querySelector("h3 a").getAttribute("href"),
    hit: c.querySelector("mark.hit")?.textContent || "",
  })));
  const quotes = expected.quotes || {};
  check(cards.length === Object.keys(quotes).length, `as many measures as the CLI (${cards.length})`);
  for (const c of cards) {
    const id = decodeURIComponent(c.href.split("id=")[1] || "");
    const iri = id.replace(/^pkr:/, "https://w3id.org/policykg/resource/");
    check(quotes[iri] === c.hit, `${id}: the words highlighted are its own quote (${c.hit})`);
  }

  await page.goto(`${base}/#/article?script=hans&doc=${expected.article.doc}`);
  await ready("article");
  await page.waitForSelector("#article");
  const marks = await page.$$eval("#article mark[data-measure]", (m) => m.length);
  check(marks === expected.article.measures, `the article of ${expected.article.doc} marks its ${expected.article.measures} measures (${marks})`);
});
