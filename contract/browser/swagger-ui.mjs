// Opens Swagger UI in headless Chromium as a developer would: the title and every operation, grouped by tag, must render,
// and "Try it out" on POST /v1/assessments must send the pre-filled example and show a 200.
//   BACKCARE_URL=http://localhost:5080 node browser/swagger-ui.mjs [document.json] [screenshot-prefix]
// writes <prefix>.png (the page as it opens) and <prefix>-try-it-out.png (the response shown after Execute).
import { readFile } from "node:fs/promises";
import { chromium } from "playwright-core";

const baseUrl = process.env.BACKCARE_URL ?? "http://localhost:5080";
const [documentPath = "../openapi/v1.json", screenshots = "swagger-ui"] = process.argv.slice(2);
const document = JSON.parse(await readFile(documentPath, "utf8"));
const operations = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, operation]) => ({ path, method, id: operation.operationId, tag: operation.tags[0] })));

const failures = [];
const check = (ok, message) => {
  console.log(`${ok ? "ok  " : "FAIL"} ${message}`);
  if (!ok) failures.push(message);
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const pageErrors = [];
  const offsite = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("request", (request) => {
    if (!request.url().startsWith(baseUrl) && !request.url().startsWith("data:")) offsite.push(request.url());
  });

  await page.goto(`${baseUrl}/swagger`);
  await page.locator(".opblock").first().waitFor({ timeout: 30_000 });

  check(await page.title() === document.info.title, `the page title is "${document.info.title}" (got "${await page.title()}")`);
  const heading = (await page.locator(".info .title").innerText()).trim();
  check(heading.startsWith(document.info.title), `the document title is shown (got "${heading}")`);

  const tags = (await page.locator(".opblock-tag").allInnerTexts()).map((text) => text.split("\n")[0].trim());
  const expectedTags = document.tags.map((tag) => tag.name);
  check(JSON.stringify(tags) === JSON.stringify(expectedTags), `operations are grouped by tag ${expectedTags.join(", ")} (got ${tags.join(", ")})`);

  for (const { path, method, id, tag } of operations) {
    // Swagger UI writes a space in a tag as "_" in the element id.
    const block = page.locator(`#operations-${tag.replaceAll(" ", "_")}-${id}`);
    const visible = await block.isVisible();
    const shownPath = visible ? await block.locator(".opblock-summary-path").getAttribute("data-path") : null;
    const shownId = visible ? (await block.locator(".opblock-summary-operation-id").innerText()).trim() : null;
    check(visible && shownPath === path && shownId === id, `${method.toUpperCase()} ${path} is shown as ${id} under ${tag}`);
  }

  await page.screenshot({ path: `${screenshots}.png` });

  const assessment = page.locator("#operations-Assessments-createAssessment");
  await assessment.locator(".opblock-summary").click();
  await assessment.locator(".try-out__btn").click();
  const body = await assessment.locator("textarea.body-param__text").inputValue();
  const example = document.paths["/v1/assessments"].post.requestBody.content["application/json"].examples;
  const firstExample = Object.values(example)[0].value;
  check(JSON.stringify(JSON.parse(body)) === JSON.stringify(firstExample), "Try it out is pre-filled with the documented example request");

  await assessment.locator("button.execute").click();
  const status = assessment.locator(".live-responses-table .response .response-col_status").first();
  await status.waitFor({ timeout: 30_000 });
  const statusText = (await status.innerText()).trim();
  check(statusText === "200", `Execute answers 200 (got "${statusText}")`);
  const responseBody = await assessment.locator(".live-responses-table .response-col_description pre").first().innerText();
  check(/"grade":\s*"caution"/.test(responseBody), "the response shown is the graded recommendation (grade caution)");

  await assessment.locator(".live-responses-table").screenshot({ path: `${screenshots}-try-it-out.png` });
  console.log(`screenshots: ${screenshots}.png, ${screenshots}-try-it-out.png`);

  check(pageErrors.length === 0, `no script error in the page${pageErrors.length ? `: ${pageErrors.join("; ")}` : ""}`);
  check(offsite.length === 0, `the page loads nothing from another host${offsite.length ? `: ${offsite.join(", ")}` : ""}`);
} finally {
  await browser.close();
}

console.log(`${operations.length} operations; ${failures.length} failed check(s)`);
process.exit(failures.length === 0 ? 0 : 1);
