// Run an `actions/github-script` script the way the action does (an async function body with
// `require`, `github`, `context`, `core` in scope), against a mocked GitHub API.
//
// Usage: node run_github_script.mjs SPEC.json
// SPEC: {script, env, repo: {owner, repo}, serverUrl, payload,
//        fixtures: {pulls: {<number>: pull}, comments: [comment...]}}
// Prints {calls, log, failed, thrown}: every API call with its arguments, every core.* message,
// the core.setFailed message if any, and the error the script threw if any.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const spec = JSON.parse(readFileSync(process.argv[2], "utf8"));
for (const [key, value] of Object.entries(spec.env || {})) process.env[key] = value;

const calls = [];
const log = [];
let failed = null;
const say = (level) => (message) => log.push([level, String(message)]);
const core = {
  setFailed(message) {
    failed = String(message);
    log.push(["setFailed", failed]);
  },
  info: say("info"),
  notice: say("notice"),
  warning: say("warning"),
  error: say("error"),
  debug: say("debug"),
};

const notFound = () => Object.assign(new Error("Not Found"), { status: 404 });
const pulls = (spec.fixtures && spec.fixtures.pulls) || {};
const comments = (spec.fixtures && spec.fixtures.comments) || [];
const github = {
  rest: {
    pulls: {
      async get(args) {
        calls.push(["pulls.get", args]);
        const pull = pulls[String(args.pull_number)];
        if (!pull) throw notFound();
        return { data: pull };
      },
    },
    issues: {
      async listComments(args) {
        calls.push(["issues.listComments", args]);
        return { data: comments };
      },
      async createComment(args) {
        calls.push(["issues.createComment", args]);
        return { data: { id: 1000 + calls.length } };
      },
      async updateComment(args) {
        calls.push(["issues.updateComment", args]);
        return { data: { id: args.comment_id } };
      },
    },
  },
  async paginate(method, args) {
    const { data } = await method(args);
    return data;
  },
};
const context = {
  eventName: "workflow_run",
  repo: spec.repo,
  serverUrl: spec.serverUrl || "https://github.com",
  payload: spec.payload || {},
};
const require = createRequire(import.meta.url);
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
let thrown = null;
try {
  const run = new AsyncFunction("require", "github", "context", "core", "getOctokit", spec.script);
  await run(require, github, context, core, () => {
    throw new Error("getOctokit is not available in the test");
  });
} catch (error) {
  thrown = String((error && error.stack) || error);
}
process.stdout.write(JSON.stringify({ calls, log, failed, thrown }));
