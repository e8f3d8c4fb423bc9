"""GitHub Actions as a CI host: inputs from INPUT_*, the event payload, workflow commands,
the step summary and outputs files, and the REST API (check run, PR comment, badge PR)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mof_action import files, git
from mof_action.ci import inputs as parse_inputs
from mof_action.ci import report_folder
from mof_action.ci.github import api
from mof_action.ci.github import workflow_commands as wc
from mof_action.ci.github.context import Context, input_value
from mof_action.ci.host import Inputs, Proposal
from mof_action.ci.run import REPORT_FILES, comment_wanted, redact
from mof_action.errors import ServiceError
from mof_action.escaping import terminal_text, unicode_text
from mof_action.facts.display import names_in
from mof_action.report import Report
from mof_action.views import sarif

SUMMARY_BYTES = 1024 * 1024  # the runner refuses a larger step summary
SARIF = "mof-action.sarif"


def _append(path: Path, text: str, what: str) -> None:
    try:
        with path.open("a", encoding="utf-8") as f:
            f.write(text)
    except OSError as err:
        raise ServiceError(f"cannot write the runner's {what} file {path}: {err.strerror}") from None


def report_annotations(built: Report) -> list[api.Annotation]:
    """The findings as annotations, in text every output can carry (the runner's log, the API's JSON)."""
    u = unicode_text
    out = [api.Annotation(u(d.location.path), d.location.line, d.location.line, d.severity, u(names_in(d.message)),
                          f"MOF declaration: {d.code}") for d in built.diagnostics]
    for f in built.check.findings if built.check else ():
        start = f.start_line or 1
        out.append(api.Annotation(u(f.path), start, f.end_line or start, f.severity, u(names_in(f.message)),
                                  f"{f.rule} {f.rule_name}"))
    return out


@dataclass
class GitHubHost:
    env: dict[str, str]
    ctx: Context = field(init=False)
    name: str = "github"

    def __post_init__(self) -> None:
        self.ctx = Context.from_env(self.env)
        self.workspace = self.ctx.workspace
        # The reports the next steps read go to the workspace's report folder, named relative to it:
        # RUNNER_TEMP is a path of the action's container (/github/runner_temp), no later step's.
        if not self.workspace.is_dir():
            raise ServiceError(f"the workspace {self.workspace} is not a directory")
        self.temp = report_folder.prepare(self.workspace, (*REPORT_FILES, SARIF))
        self._token = input_value("github-token", "", self.env)
        self._gh = None

    def get(self, name: str, default: str = "") -> str:
        return input_value(name, default, self.env)

    def inputs(self) -> Inputs:
        return parse_inputs.parse(self.get, self.workspace, self.ctx.temp / "mof-action-cache")

    def secrets(self) -> list[str]:
        return [self._token] if self._token else []

    def checked_out(self) -> str | None:
        """The commit in the workspace, or None when it is not a checkout."""
        try:
            return git.resolve_commit(self.workspace, "HEAD")
        except git.GitError:
            return None

    def _base_checkout(self) -> bool:
        """pull_request_target with the default checkout: the workspace holds the base branch, not the
        pull request, so nothing this run finds is about the pull request."""
        if self.ctx.event_name != "pull_request_target" or self.ctx.pull_request is None:
            return False
        head = self.checked_out()
        return head is not None and head != self.ctx.head_sha

    def base_ref(self) -> str | None:
        if self._base_checkout():
            self.warn("pull_request_target checks out the base branch: this run checks that commit, not the pull "
                      "request (no comparison, no comment); check out github.event.pull_request.head.sha with "
                      "persist-credentials: false (mof-action only reads its files), or run on pull_request")
            return None
        return self.ctx.base_sha

    def push_branch(self) -> str | None:
        if self.ctx.event_name != "push" or not self.ctx.ref.startswith("refs/heads/"):
            return None
        return self.ctx.ref.removeprefix("refs/heads/")

    def default_branch(self) -> str | None:
        return self.ctx.default_branch

    def say(self, line: str) -> None:
        print(redact(line, self.secrets()), flush=True)

    def warn(self, message: str) -> None:
        self.say(wc.annotation("warning", message, title="mof-action"))

    def pointer(self) -> str:
        """Where the whole report is, for texts GitHub makes us cut."""
        server, repository, run_id = (self.env.get(k, "") for k in
                                      ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID"))
        where = f"[this workflow run]({server}/{repository}/actions/runs/{run_id})" \
            if server.startswith("https://") and repository and run_id.isascii() and run_id.isdigit() \
            else "this workflow run"
        return f"The full report is in the job summary of {where} and in its `mof-action-report.md`."

    def prepare(self, protected: tuple[Path, ...]) -> None:
        given = self.get("sarif-file", "")
        self._sarif = files.confine(self.workspace, given, "input 'sarif-file'", output=True, protected=protected) \
            if given else self.temp / SARIF

    def report_files(self, report: Report) -> dict[str, str]:
        files.write_if_changed(self._sarif, sarif.render(report).encode("utf-8"))
        return {"sarif-file": report_folder.shown(self.workspace, self._sarif)}

    def summary(self, report: Report, markdown: str) -> None:
        if self.ctx.summary_file:
            _append(self.ctx.summary_file, api.fit(markdown, SUMMARY_BYTES // 4, self.pointer()) + "\n",
                    "step summary")

    def annotate(self, report: Report) -> None:
        for a in report_annotations(report):
            self.say(wc.annotation(a.level, a.message, file=a.path, line=a.start_line, end_line=a.end_line,
                                   title=a.title))

    def _client(self):
        if self._gh is None:
            self._gh = api.client(self.ctx.api_url, self._token)
        return self._gh

    def publish(self, report: Report, markdown: str, pr_comment: str) -> list[str]:
        published = api.Published()
        if not (self._token and self.ctx.repository):
            return []
        gh, passed = self._client(), report.passed
        title = f"{report.shown_class.label}: " + ("pass" if passed else "; ".join(report.verdict.reasons))
        if report.base is not None and report.base.class_changed:
            title = f"{report.base.verified_before.label} → {title}"
        base_checkout = self._base_checkout()
        sha = (self.checked_out() or self.ctx.sha) if base_checkout else self.ctx.head_sha
        api.publish_check(gh, self.ctx.repository, sha, name=self.get("check-name", "MOF openness"),
                          passed=passed, title=title, summary=markdown, annotations=report_annotations(report),
                          result=published, pointer=self.pointer())
        if self.ctx.pull_request is not None and not base_checkout and comment_wanted(pr_comment, report):
            if self.ctx.pull_request_number is None:
                published.warnings.append("no pull-request comment: the event gives no pull request number")
            else:
                api.publish_comment(gh, self.ctx.repository, self.ctx.pull_request_number, markdown, published,
                                    self.pointer())
        return published.warnings

    def propose_badge(self, proposal: Proposal) -> str:
        if not (self._token and self.ctx.repository):
            return f"branch {proposal.branch} pushed; no token to open its pull request"
        try:
            return api.propose(self._client(), self.ctx.repository, proposal.branch, proposal.base,
                               proposal.title, proposal.body)
        except api.ProposalError as err:
            self.warn(str(err))
            return ""

    def withdraw_badge(self, proposal: Proposal) -> str | None:
        if not (self._token and self.ctx.repository):
            return None
        try:
            return api.withdraw(self._client(), self.ctx.repository, proposal.branch, proposal.base)
        except api.ProposalError as err:
            self.warn(str(err))
            return None

    def branch_protected(self, branch: str) -> bool | None:
        if not (self._token and self.ctx.repository):
            return None
        return api.branch_protected(self._client(), self.ctx.repository, branch)

    def outputs(self, values: dict[str, object]) -> None:
        if self.ctx.output_file is None:
            for k, v in values.items():
                self.say(terminal_text(f"output {k}={v}"))
            return
        _append(self.ctx.output_file, "".join(wc.output_block(k, "" if v is None else str(v))
                                              for k, v in values.items()), "output")

