"""GitLab CI as a CI host: inputs from MOF_* variables (the include template sets them from its
spec:inputs), the pipeline's predefined variables, Code Quality and JUnit reports for the
merge-request widgets, a dotenv file of outputs, and one merge-request note (python-gitlab).

GitLab reads artifacts from the project directory only: the report files go to `.mof-action/`
in it (never scanned: the inventory is what git tracks, and the base is checked out apart).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from mof_action import files
from mof_action.ci import inputs as parse_inputs
from mof_action.ci import report_folder
from mof_action.ci.git_push import Identity
from mof_action.ci.gitlab import api
from mof_action.ci.host import Inputs, Proposal
from mof_action.ci.run import REPORT_FILES, comment_wanted, redact
from mof_action.errors import ServiceError
from mof_action.escaping import terminal_text
from mof_action.report import Report
from mof_action.views import code_quality, junit, text

REPORTS = report_folder.REPORTS
CODE_QUALITY, JUNIT, DOTENV = "gl-code-quality-report.json", "mof-action-junit.xml", "mof-action.env"
REPORT_NAMES = (CODE_QUALITY, JUNIT, DOTENV, *REPORT_FILES)
BOT = Identity("mof-action", "mof-action@noreply.invalid")
# GitLab refuses a dotenv report of more than 20 variables (the default plan limit
# `dotenv_variables` on a self-managed instance) or of 5 KiB: the report paths are fixed on
# GitLab (the artifacts under .mof-action/), so they are left out of it.
DOTENV_LEFT_OUT = ("report-file", "html-file", "code-quality-file", "junit-file", "export-files", "badge-file")
API_SUFFIX = "/api/v4"


def clear_reports(workspace: Path) -> None:
    """Remove what GitLab would upload as this job's reports before anything can fail (report_folder.clear)."""
    report_folder.clear(workspace, REPORT_NAMES)


def variable(name: str) -> str:
    """The variable an input is read from: MOF_FAIL_ON for fail-on."""
    return "MOF_" + name.upper().replace("-", "_")


@dataclass
class GitLabHost:
    env: dict[str, str]
    name: str = "gitlab"

    def __post_init__(self) -> None:
        self.workspace = Path(self.env.get("CI_PROJECT_DIR") or ".")
        if not self.workspace.is_dir():
            raise ServiceError(f"CI_PROJECT_DIR {self.workspace} is not a directory")
        # first: a job that stops early must not upload a commit's copies
        self.temp = report_folder.prepare(self.workspace, REPORT_NAMES)
        self._token = self.get("gitlab-token", "")
        self._gl = None

    def get(self, name: str, default: str = "") -> str:
        value = self.env.get(variable(name))
        return default if value is None else value.strip()

    def inputs(self) -> Inputs:
        return parse_inputs.parse(self.get, self.workspace, self.temp / "cache", bot=BOT, commit_default="false")

    def secrets(self) -> list[str]:
        return [self._token] if self._token else []

    @property
    def merge_request_iid(self) -> int | None:
        raw = self.env.get("CI_MERGE_REQUEST_IID", "")
        return int(raw) if re.fullmatch(r"[1-9][0-9]{0,17}", raw) else None

    def base_ref(self) -> str | None:
        if self.env.get("CI_PIPELINE_SOURCE") != "merge_request_event":
            return None
        # the merge base of the merge request: what the change is measured against
        return self.env.get("CI_MERGE_REQUEST_DIFF_BASE_SHA") or None

    def push_branch(self) -> str | None:
        if self.env.get("CI_PIPELINE_SOURCE") not in ("push", "web"):
            return None
        return self.env.get("CI_COMMIT_BRANCH") or None

    def default_branch(self) -> str | None:
        return self.env.get("CI_DEFAULT_BRANCH") or None

    def say(self, line: str) -> None:
        print(redact(line, self.secrets()), flush=True)

    def warn(self, message: str) -> None:
        self.say(terminal_text(f"mof-action: warning: {message}"))

    def prepare(self, protected: tuple[Path, ...]) -> None:
        pass  # the report files have fixed names in the report folder

    def report_files(self, report: Report) -> dict[str, str]:
        out = {}
        for key, name, content in (("code-quality-file", CODE_QUALITY, code_quality.render(report)),
                                   ("junit-file", JUNIT, junit.render(report))):
            path = self.temp / name
            files.write_if_changed(path, content.encode("utf-8"))
            out[key] = str(path.relative_to(self.workspace))
        return out

    def summary(self, report: Report, markdown: str) -> None:
        for line in text.render(report).splitlines():  # the job log is GitLab's summary
            self.say(line)

    def annotate(self, report: Report) -> None:
        pass  # the Code Quality report is what GitLab shows beside the diff

    def _server(self) -> str:
        """The instance's URL for python-gitlab (which adds /api/v4): from CI_API_V4_URL, the API
        root GitLab gives the job, else CI_SERVER_URL."""
        root = self.env.get("CI_API_V4_URL", "").rstrip("/")
        if root.endswith(API_SUFFIX):
            return root[:-len(API_SUFFIX)]
        return self.env.get("CI_SERVER_URL", "").rstrip("/")

    def _client(self):
        if self._gl is None:
            self._gl = api.client(self._server(), self._token)
        return self._gl

    def _can_call(self) -> bool:
        return bool(self._token and self._server() and self.env.get("CI_PROJECT_ID"))

    def publish(self, report: Report, markdown: str, pr_comment: str) -> list[str]:
        iid = self.merge_request_iid
        if iid is None or not comment_wanted(pr_comment, report):
            return []
        if not self._can_call():
            return ["no merge-request note: set MOF_GITLAB_TOKEN (a project access token with the api scope)"]
        job = self.env.get("CI_JOB_URL", "")
        pointer = f"The full report is in the artifacts of [this job]({job})." if job.startswith("https://") \
            else "The full report is in this job's artifacts."
        try:
            note = api.publish_note(self._client(), self.env["CI_PROJECT_ID"], iid, markdown, pointer)
            self.say(f"merge-request note: {note}")
        except api.PublishError as err:
            return [str(err)]
        return []

    def propose_badge(self, proposal: Proposal) -> str:
        if not self._can_call():
            return f"branch {proposal.branch} pushed; set MOF_GITLAB_TOKEN to open its merge request"
        try:
            return api.propose(self._client(), self.env["CI_PROJECT_ID"], proposal.branch, proposal.base,
                               proposal.title, proposal.body)
        except api.PublishError as err:
            self.warn(str(err))
            return ""

    def withdraw_badge(self, proposal: Proposal) -> str | None:
        if not self._can_call():
            return None
        try:
            return api.withdraw(self._client(), self.env["CI_PROJECT_ID"], proposal.branch, proposal.base)
        except api.PublishError as err:
            self.warn(str(err))
            return None

    def branch_protected(self, branch: str) -> bool | None:
        if not self._can_call():
            return None
        return api.branch_protected(self._client(), self.env["CI_PROJECT_ID"], branch)

    def outputs(self, values: dict[str, object]) -> None:
        """A dotenv report (artifacts:reports:dotenv): later jobs read MOF_CLASS and the rest."""
        lines = []
        for k, v in values.items():
            if k in DOTENV_LEFT_OUT:
                continue
            value = re.sub(r"[\r\n]+", " ", "" if v is None else str(v))
            lines.append(f"{variable(k)}={value}\n")
        files.write_if_changed(self.temp / DOTENV, "".join(lines).encode("utf-8"))
