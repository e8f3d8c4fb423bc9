"""One CI run, whatever the host: settings, the check, the comparison with the base, the report
files, the badge, the outputs and the exit code. The host (ci/host.py) reads the inputs and
shows and publishes the report.

Exit codes as the CLI's: 0 pass, 1 policy failure, 2 invalid input, 3 the environment or a
service failed. Nothing is committed or pushed unless the run passed on a push. Every path
read or written is confined to the workspace (files.confine); the host's report files go to
its temporary folder.
"""
from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from mof_action import files, git, pipeline
from mof_action import settings as config
from mof_action.badge import write
from mof_action.ci import git_push, report_folder
from mof_action.ci.host import Host, Inputs, Proposal
from mof_action.declaration import loader, validation
from mof_action.errors import ServiceError, ToolError, UsageError
from mof_action.escaping import terminal_text
from mof_action.judge.classify import percent
from mof_action.report import Report
from mof_action.scan import cache as trust
from mof_action.scan import scancode, tables
from mof_action.views import exports, html, json_view, markdown

REPORT_JSON, REPORT_MD, REPORT_HTML = "mof-action-report.json", "mof-action-report.md", "mof-action-report.html"
# every file a run writes into the host's report folder (report_folder.py), cleared before it runs
REPORT_FILES = (REPORT_JSON, REPORT_MD, REPORT_HTML, *(e.filename for e in exports.FORMATS.values()))


def comment_wanted(policy: str, report: Report) -> bool:
    """Whether a pull request gets the comment, keyed on what the report found, not on the step's exit
    code: `fail-on: never` (or new-error) passes a report with errors, and `on-failure` still comments on
    them. on-failure: errors, or a failed policy (min-class); on-findings: errors or warnings, or a failed
    policy; on-change and always: every run (the comment is kept current)."""
    if policy in ("always", "on-change"):
        return True
    if policy == "on-failure":
        return bool(report.errors) or not report.passed
    if policy == "on-findings":
        return bool(report.errors or report.warnings) or not report.passed
    return False


def _check(host: Host, inputs: Inputs) -> tuple[Report, tuple[Path, ...]]:
    repo = host.workspace
    settings, config_path = config.resolve(repo, inputs.config, outside=False, **inputs.overrides)
    document = loader.load_declaration(repo, inputs.mof_file, outside=False)
    declaration, diagnostics = validation.validate(document)
    if declaration is None:
        first = next(d for d in diagnostics if d.severity == "error")
        raise UsageError(first.message, first.location)
    protected = (repo / declaration.path, *((config_path,) if config_path else ()))
    host.prepare(protected)
    base = inputs.base or host.base_ref()
    sha = None
    if base and inputs.scan_results:
        host.warn("no comparison with the base: scan-results stand for this commit's files only")
    elif base:
        try:
            sha = git.resolve_commit(repo, base, fetch=True)
        except git.GitError as err:
            host.warn(f"no comparison with the base: {err.message}; the settings are this commit's own")
    change = None
    if sha:  # a change request is judged by the policy of its base, not by the one it brings
        settings, change = config.at_commit(repo, sha, inputs.config, config_path, settings, **inputs.overrides)
        if change:
            host.warn(f"this change edits the settings ({change.path}: {', '.join(change.keys)}): it is checked "
                      "with its base's, and what its own would hide counts as new")
    built = pipeline.check(repo, declaration, diagnostics, settings, cache_dir=inputs.cache_dir,
                           results_files=list(inputs.scan_results) or None, proposed=change)
    if sha:
        try:
            built = pipeline.check_base(repo, base or sha, built, settings, cache_dir=inputs.cache_dir, fetch=True)
        except pipeline.BaseUnavailable as err:
            host.warn(f"no comparison with the base: {err}")
    return built, protected


def _badge(host: Host, inputs: Inputs, built: Report, protected: tuple[Path, ...]) -> dict[str, str]:
    out = {"badge-file": "", "badge-changed": "false", "commit-sha": "", "badge-pull-request": ""}
    if inputs.badge is None:
        return out
    b, repo, shown = inputs.badge, host.workspace, built.shown_class
    badge = write.update(repo, shown.mof_class, shown.progress, built.declaration.path, b.options,
                         protected=protected)
    out["badge-file"], out["badge-changed"] = badge.svg_path, str(bool(badge.changed_paths)).lower()
    pushed, default = host.push_branch(), host.default_branch()
    on_default = pushed is not None and pushed == default
    if b.commit == "false" or pushed is None:
        return out
    # A policy failure still updates the badge: it shows the verified class, so that the README never
    # claims more than the files support. A tool failure (files ScanCode could not read) pushes nothing.
    failed = built.check.scan.failed if built.check else 0
    if failed:
        host.warn(f"badge not pushed: ScanCode failed on {failed} file(s), so the verified class is not certain")
        return out
    message = b.message.replace("{class}", shown.label)
    secret = next(iter(host.secrets()), None)
    try:
        if b.commit == "pull-request":
            if not on_default:
                return out
            proposal = Proposal(b.branch, pushed, message.replace(" [skip ci]", ""),
                                f"The MOF badge and README of `{pushed}` for {shown.label}, by mof-action.")
            if not badge.changed_paths:
                done = host.withdraw_badge(proposal)
                if done:
                    host.say(done)
                return out
            if host.branch_protected(b.branch):
                host.warn(f"badge not pushed: badge-branch {b.branch} is protected or the default branch; the badge "
                          "branch is force-pushed, so give it a branch of its own (default mof-action/badge)")
                return out
            if git_push.commit(repo, badge.changed_paths, message, b.identity):
                out["commit-sha"] = git_push.push_branch(repo, b.branch, secret=secret)
                out["badge-pull-request"] = host.propose_badge(proposal)
                host.say(f"badge commit {out['commit-sha']} on {b.branch}: {out['badge-pull-request']}")
        elif ((b.commit == "auto" and on_default) or b.commit == "true") and badge.changed_paths and \
                git_push.commit(repo, badge.changed_paths, message, b.identity):
            out["commit-sha"] = git_push.push(repo, pushed, b.identity, secret=secret)
            host.say(f"pushed the badge commit {out['commit-sha']}")
    except (git_push.PushError, git.GitError) as err:
        host.warn(f"badge not pushed: {err}")
    return out


def _write_exports(host: Host, built: Report, names: tuple[str, ...]) -> list[str]:
    """The exports beside the report, for upload-artifact: the commit that was checked, not the badge's."""
    if not names:
        return []
    subject = pipeline.bom_subject(host.workspace, built.declaration)
    paths = []
    for name in names:
        export = exports.FORMATS[name]
        path = host.temp / export.filename
        files.write_if_changed(path, export.render(built, subject).encode("utf-8"))
        paths.append(report_folder.shown(host.workspace, path))
    return paths


def run(host: Host) -> int:
    if not host.workspace.is_dir():
        raise ServiceError(f"the workspace {host.workspace} is not a directory")
    inputs = host.inputs()
    if inputs.badge and inputs.badge.commit == "pull-request" and inputs.badge.branch in \
            {host.default_branch(), host.push_branch()} - {None}:
        raise UsageError(f"input 'badge-branch' is '{inputs.badge.branch}', the branch the badge is for: the badge "
                         "branch is force-pushed, so give it a branch of its own (default mof-action/badge)")
    with trust.outside_workspace(host.workspace, inputs.cache_dir, host.warn) as cache_dir, tables.keeping(cache_dir):
        try:
            built, protected = _check(host, dataclasses.replace(inputs, cache_dir=cache_dir))
        finally:
            scancode.settle()  # the no-match proof's builder writes into the folder before it is moved back
    summary = markdown.render(built)
    report_path = host.temp / REPORT_JSON
    files.write_if_changed(report_path, json_view.render(built).encode("utf-8"))
    files.write_if_changed(host.temp / REPORT_MD, summary.encode("utf-8"))  # for a later comment job
    html_path = host.temp / REPORT_HTML  # for upload-artifact: the report a reviewer opens
    files.write_if_changed(html_path, html.render(built).encode("utf-8"))
    extra = host.report_files(built)
    extra["export-files"] = "\n".join(_write_exports(host, built, inputs.exports))
    host.summary(built, summary)
    host.annotate(built)
    for warning in host.publish(built, summary, inputs.pr_comment):
        host.warn(warning)
    badge = _badge(host, inputs, built, protected)
    verified, declared, b = built.shown_class, built.classification, built.base
    host.outputs({
        "class": verified.mof_class, "class-label": verified.label,
        "declared-class": declared.mof_class, "verified-class": verified.mof_class,
        "progress-class-1": percent(verified.progress[1]), "progress-class-2": percent(verified.progress[2]),
        "progress-class-3": percent(verified.progress[3]), "osaid": built.shown_osaid.verdict,
        "errors": built.errors, "warnings": built.warnings,
        "base-class": b.verified_before.mof_class if b else "",
        "new-errors": b.new_count("error") if b else "", "new-warnings": b.new_count("warning") if b else "",
        "report-file": report_folder.shown(host.workspace, report_path),
        "html-file": report_folder.shown(host.workspace, html_path), **extra, **badge,
    })
    change = ""
    if b is not None:
        change = f" (was {b.verified_before.label} at {b.ref})" if b.class_changed else f" (no change since {b.ref})" \
            if not b.changed else f" (since {b.ref}: {len(b.new)} new, {len(b.fixed)} fixed finding(s))"
    host.say(terminal_text(f"MOF class: {verified.label}{change} (declared: {declared.label}); "
                           f"{built.errors} error(s), {built.warnings} warning(s); "
                           f"policy: {'pass' if built.passed else 'FAIL (' + '; '.join(built.verdict.reasons) + ')'}"))
    return 0 if built.passed else 1


def main(host: Host, fail) -> int:
    """`run` with every error the user or the environment causes as one line and an exit code;
    `fail(err)` shows it the host's way."""
    try:
        return run(host)
    except ToolError as err:
        return fail(err)
    except OSError as err:  # the file system failed under us (full disk, permissions): not a traceback
        where = f" ({err.filename})" if err.filename else ""
        return fail(ServiceError(f"{err.strerror or err}{where}"))


def redact(line: str, secrets: list[str]) -> str:
    for secret in secrets:
        line = line.replace(secret, "***")
    return line


def print_error(err: ToolError, secrets: list[str]) -> None:
    print(redact(terminal_text(f"mof-action: {err}"), secrets), file=sys.stderr, flush=True)
