// Starts BackCare (already built in Release) in Production on a port the system chooses, waits until /health/ready is 200,
// runs the given npm scripts of contract/ one after the other with BACKCARE_URL pointing at it, then stops it.
//   node with-app.mjs example "swagger-ui -- ../openapi/v1.json ../.ci/out/swagger-ui"
// Each argument is a script name, optionally followed by its own arguments. Exits 1 if the app did not start or any script failed.
import { spawn } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const scripts = process.argv.slice(2);
if (scripts.length === 0) {
  console.error('usage: node with-app.mjs SCRIPT ["SCRIPT -- ARGS"]...');
  process.exit(2);
}

const output = [];
const app = spawn("dotnet", ["run", "--no-build", "-c", "Release", "--no-launch-profile", "--project", resolve(here, "../src/BackCare.Api"),
  "--", "--urls", "http://127.0.0.1:0"], {
  cwd: here,
  env: { ...process.env, ASPNETCORE_ENVIRONMENT: "Production", DOTNET_NOLOGO: "1" },
  stdio: ["ignore", "pipe", "pipe"],
  // Its own process group: dotnet run starts the app as a child, and stopping the group stops both.
  detached: true,
});
let exited = null;
app.on("exit", (code, signal) => { exited = signal ?? code; });
let listening = null;
for (const stream of [app.stdout, app.stderr]) {
  let partial = "";
  stream.setEncoding("utf8").on("data", (chunk) => {
    const lines = (partial + chunk).split("\n");
    partial = lines.pop();
    for (const line of lines) {
      output.push(line);
      if (output.length > 200) output.shift();
      // The plain console line and the JSON one ("Message":"Now listening on: http://127.0.0.1:41234").
      listening ??= /Now listening on: (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1] ?? null;
    }
  });
}

function stop() {
  if (exited !== null) return Promise.resolve();
  return new Promise((done) => {
    app.once("exit", done);
    try { process.kill(-app.pid, "SIGTERM"); } catch { done(); return; }
    setTimeout(() => { try { process.kill(-app.pid, "SIGKILL"); } catch { /* gone */ } }, 10_000).unref();
  });
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => { await stop(); process.exit(1); });
}

const tail = () => output.slice(-40).join("\n");
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

async function ready() {
  const deadline = Date.now() + 30_000;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`the app exited (${exited}) before it was ready`);
    if (listening) {
      try {
        const response = await fetch(`${listening}/health/ready`, { signal: AbortSignal.timeout(2_000) });
        if (response.status === 200) return listening;
        last = `${response.status} ${await response.text()}`;
      } catch (error) {
        last = error.message;
      }
    }
    await sleep(200);
  }
  throw new Error(listening ? `GET /health/ready was not 200 within 30 s (last: ${last})` : "no 'Now listening on' line within 30 s");
}

function run(script, url) {
  const [name, ...args] = script.split(/\s+/).filter(Boolean);
  return new Promise((done) => {
    const npm = spawn("npm", ["--loglevel=error", "run", "--silent", name, ...args], {
      cwd: here,
      env: { ...process.env, BACKCARE_URL: url },
      stdio: "inherit",
    });
    npm.on("error", (error) => { console.error(error.message); done(1); });
    npm.on("exit", (code, signal) => done(signal ? 1 : code));
  });
}

let failed = [];
try {
  const url = await ready();
  console.log(`BackCare is ready on ${url} (Production)`);
  for (const script of scripts) {
    console.log(`\n--> npm run ${script}`);
    const code = await run(script, url);
    console.log(`<-- ${script}: ${code === 0 ? "ok" : `FAILED (exit code ${code})`}`);
    if (code !== 0) failed.push(script);
  }
  if (failed.length > 0) console.error(`\nThe app's last output:\n${tail()}`);
} catch (error) {
  console.error(`BackCare did not start: ${error.message}\n${tail()}`);
  failed = ["the app"];
} finally {
  await stop();
}

console.log(failed.length === 0 ? `\nall ${scripts.length} script(s) passed` : `\nfailed: ${failed.join(", ")}`);
process.exit(failed.length === 0 ? 0 : 1);
