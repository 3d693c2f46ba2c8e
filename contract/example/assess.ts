// Lists the exercises and grades one person's answers through a client generated from openapi/v1.json.
//   BACKCARE_URL=http://localhost:5080 node build/example/assess.js
import createClient from "openapi-fetch";
import type { components, paths } from "../generated/backcare.js";

type AssessmentRequest = components["schemas"]["AssessmentRequest"];

const baseUrl = process.env.BACKCARE_URL ?? "http://localhost:5080";
const apiKey = process.env.BACKCARE_API_KEY;
const backcare = createClient<paths>({ baseUrl, headers: apiKey ? { "X-Api-Key": apiKey } : {} });

// 1. The lower-back exercises.
const exercises = await backcare.GET("/v1/exercises", { params: { query: { region: "lumbar" } } });
if (!exercises.data) {
  fail(`GET /v1/exercises answered ${exercises.response.status}`, exercises.error);
}
console.log(`${exercises.data.length} lumbar exercises:`);
for (const exercise of exercises.data) {
  const { hold } = exercise;
  const seconds = hold && (hold.minSeconds === hold.maxSeconds ? `${hold.minSeconds}` : `${hold.minSeconds}-${hold.maxSeconds}`);
  const holdText = seconds ? `, hold ${seconds} s` : "";
  console.log(`  ${exercise.id}: ${exercise.name} (${exercise.movement}${holdText})`);
}

// 2. One person's answers: four days of lower-back pain, no red flag, a known disc problem.
const answers: AssessmentRequest = {
  redFlags: {
    bladderOrBowelControlLoss: "no",
    saddleAnesthesia: "no",
    feverOrChills: "no",
    unexplainedWeightLoss: "no",
    radiatingNumbnessTinglingOrWeakness: "no",
  },
  conditions: {
    severeOsteoporosis: "no",
    inflammatoryArthritis: "no",
    recentAcuteInjury: "no",
    discProblem: "yes",
    otherSpinalCondition: "no",
  },
  pain: { durationDays: 4, region: "lumbar" },
  selfAdjustment: { minutesSinceLast: 45, timesPerDay: 1, usesForce: "no" },
};
const assessment = await backcare.POST("/v1/assessments", { body: answers });
if (!assessment.data) {
  fail(`POST /v1/assessments answered ${assessment.response.status}`, assessment.error);
}
const result = assessment.data;
console.log(`\ngrade: ${result.grade} (${result.headline})`);
for (const finding of result.findings) {
  console.log(`  ${finding.ruleId} [${finding.grade}, ${finding.certainty}]: ${finding.advice}`);
  console.log(`    "${finding.source.quote}" (${finding.source.section})`);
}
console.log(`safe: ${result.exercises.map((e) => e.id).join(", ") || "none"}`);
for (const excluded of result.excludedExercises) {
  console.log(`excluded: ${excluded.id} by ${excluded.ruleId}: ${excluded.reason}`);
}
console.log(`rule set ${result.ruleset.version} (sha256 ${result.ruleset.sha256.slice(0, 12)}…)`);

// 3. A missing answer is a 400 problem whose `errors` name each JSON path.
const incomplete = await backcare.POST("/v1/assessments", {
  body: { ...answers, redFlags: { ...answers.redFlags, saddleAnesthesia: undefined } } as unknown as AssessmentRequest,
});
if (incomplete.response.status !== 400 || !incomplete.error || !("errors" in incomplete.error)) {
  fail(`an incomplete answer was not a 400 validation problem (${incomplete.response.status})`, incomplete.error);
}
console.log(`\nincomplete answers: ${incomplete.error.status} ${incomplete.error.title}`);
for (const [path, messages] of Object.entries(incomplete.error.errors)) {
  console.log(`  ${path}: ${messages.join(" ")}`);
}

function fail(message: string, problem: unknown): never {
  console.error(`${message}: ${JSON.stringify(problem)}`);
  process.exit(1);
}
