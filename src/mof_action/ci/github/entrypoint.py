"""The Docker action's entrypoint: inputs from the runner, `check`, then everything GitHub shows.

Exit codes as the CLI's: 0 pass, 1 policy failure, 2 invalid input, 3 the environment or a
service failed. The token is masked first and never printed; nothing is committed or pushed
unless the run passed on a push to the default branch. Every path read or written is confined
to the workspace (files.confine); the reports the runner reads go to RUNNER_TEMP.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from mof_action.badge import write
from mof_action import files
from mof_action import git
from mof_action import pipeline
from mof_action import settings as config
from mof_action.declaration import loader
from mof_action import report
from mof_action.declaration import validation
from mof_action.ci import git_push
from mof_action.ci.github import api
from mof_action.ci.github import workflow_commands as wc
from mof_action.ci.github.context import Context, input_bool, input_value
from mof_action.cli import check
from mof_action.errors import ServiceError, ToolError, UsageError
from mof_action.escaping import terminal_text
from mof_action.views import json_view
from mof_action.views import markdown
from mof_action.views import exports
from mof_action.views import sarif

BOT_NAME = "github-actions[bot]"
BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com"
PR_COMMENT = ("on-change", "always", "on-failure", "never")
COMMIT_BADGE = ("auto", "true", "false")
SUMMARY_BYTES = 1024 * 1024  # the runner refuses a larger step summary
REPORT_JSON, REPORT_MD, SARIF = "mof-action-report.json", "mof-action-report.md", "mof-action.sarif"
_secrets: list[str] = []  # never printed, whatever message quotes them


def _redact(line: str) -> str:
    for secret in _secrets:
        line = line.replace(secret, "***")
    return line


def _say(line: str) -> None:
    print(_redact(line), flush=True)


def _split(value: str) -> tuple[str, ...]:
    return tuple(v for v in re.split(r"[\n,]+", value) if v.strip())


def _choice(name: str, value: str, options: tuple[str, ...]) -> str:
    if value not in options:
        raise UsageError(f"input '{name}' must be one of {', '.join(options)}, not '{value}'")
    return value


def _int_input(name: str, env) -> int | None:
    raw = input_value(name, "", env)
    if not raw:
        return None
    if not re.fullmatch(r"[0-9]{1,18}", raw):  # ASCII digits: str.isdigit() also takes '²' and '٣'
        raise UsageError(f"input '{name}' must be a whole number, not '{raw}'")
    return int(raw)


def _namespace(env) -> argparse.Namespace:
    min_class = _int_input("min-class", env)
    if min_class is not None and min_class not in (1, 2, 3):
        raise UsageError(f"input 'min-class' must be 1, 2 or 3, not {min_class}")
    return argparse.Namespace(
        config=input_value("config", "", env) or None,
        mode=_choice("mode", input_value("mode", "strict", env), ("strict", "mot")),
        fail_on=_choice("fail-on", input_value("fail-on", "error", env), ("error", "warning", "never")),
        min_class=min_class, allow=[], deny=[], ignore=list(_split(input_value("ignore", "", env))),
        max_file_size=_int_input("max-file-size", env), timeout=None, jobs=None)


def _append(path: Path, text: str, what: str) -> None:
    try:
        with path.open("a", encoding="utf-8") as f:
            f.write(text)
    except OSError as err:
        raise ServiceError(f"cannot write the runner's {what} file {path}: {err.strerror}") from None


def _write_outputs(ctx: Context, values: dict[str, object]) -> None:
    if ctx.output_file is None:
        for k, v in values.items():
            _say(terminal_text(f"output {k}={v}"))
        return
    _append(ctx.output_file, "".join(wc.output_block(k, "" if v is None else str(v)) for k, v in values.items()),
            "output")


def _pointer(env) -> str:
    """Where the whole report is, for texts GitHub makes us cut."""
    server, repository, run_id = (env.get(k, "") for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID"))
    where = f"[this workflow run]({server}/{repository}/actions/runs/{run_id})" \
        if server.startswith("https://") and repository and run_id.isascii() and run_id.isdigit() \
        else "this workflow run"
    return f"The full report is in the job summary of {where} and in its `{REPORT_MD}`."


def _workspace_inputs(repo: Path, env) -> tuple[Path | None, list[str]]:
    """cache-dir (an absolute path, or one confined to the workspace) and scan-results (confined)."""
    cache = input_value("cache-dir", "", env)
    cache_dir = None
    if cache:
        cache_dir = Path(cache) if Path(cache).is_absolute() else \
            files.confine(repo, cache, "input 'cache-dir'", expect="dir")
        files.usable_directory(cache_dir, "input 'cache-dir'")
    scans = [str(files.confine(repo, p, "input 'scan-results'", expect="file"))
             for p in _split(input_value("scan-results", "", env).replace(" ", "\n"))]
    return cache_dir, scans


def _annotations(built: report.Report) -> list[api.Annotation]:
    out = [api.Annotation(d.location.path, d.location.line, d.location.line, d.severity, d.message,
                                     f"MOF declaration: {d.code}") for d in built.diagnostics]
    for f in built.check.findings:
        start = f.start_line or 1
        out.append(api.Annotation(f.path, start, f.end_line or start, f.severity, f.message,
                                             f"{f.rule} {f.rule_name}"))
    return out


def _export_formats(env) -> list[exports.Export]:
    names = [n.strip() for n in _split(input_value("export", "", env)) if n.strip()]
    for name in names:
        if name not in exports.FORMATS:
            raise UsageError(f"input 'export' takes {', '.join(exports.FORMATS)}, not '{name}'")
    return [exports.FORMATS[n] for n in dict.fromkeys(names)]


def _write_exports(ctx: Context, repo: Path, built: report.Report, wanted: list[exports.Export]) -> list[str]:
    """The exports beside the report, for upload-artifact: the commit that was checked, not the badge's."""
    subject = pipeline.bom_subject(repo, built.declaration) if wanted else None
    paths = []
    for export in wanted:
        path = ctx.temp / export.filename
        files.write_if_changed(path, export.render(built, subject).encode("utf-8"))
        paths.append(str(path))
    return paths


def _comment_wanted(policy: str, passed: bool) -> bool:
    return policy in ("always", "on-change") or (policy == "on-failure" and not passed)


def run(env: dict[str, str]) -> int:
    ctx = Context.from_env(env)
    repo = ctx.workspace
    if not repo.is_dir():
        raise ServiceError(f"GITHUB_WORKSPACE {repo} is not a directory")
    token = input_value("github-token", "", env)
    args = _namespace(env)
    settings = check.settings_from(args, repo, outside=False)
    config_path = config.find(repo, args.config, outside=False)
    cache_dir, scan_results = _workspace_inputs(repo, env)
    cache_dir = cache_dir or files.usable_directory(ctx.temp / "mof-action-cache", "RUNNER_TEMP")

    document = loader.load_declaration(repo, input_value("mof-file", "", env) or None, outside=False)
    declaration, diagnostics = validation.validate(document)
    if declaration is None:
        first = next(d for d in diagnostics if d.severity == "error")
        raise UsageError(first.message, first.location)
    protected = (repo / declaration.path, *((config_path,) if config_path else ()))
    wanted_exports = _export_formats(env)
    sarif_input = input_value("sarif-file", "", env)
    sarif_path = files.confine(repo, sarif_input, "input 'sarif-file'", output=True, protected=protected) \
        if sarif_input else ctx.temp / SARIF
    built = pipeline.check(repo, declaration, diagnostics, settings, cache_dir=cache_dir,
                           results_files=scan_results or None)
    passed = built.passed

    summary = markdown.render(built)
    report_path = ctx.temp / REPORT_JSON
    files.write_if_changed(report_path, json_view.render(built).encode("utf-8"))
    files.write_if_changed(ctx.temp / REPORT_MD, summary.encode("utf-8"))  # for a workflow_run comment
    files.write_if_changed(sarif_path, sarif.render(built).encode("utf-8"))
    export_files = _write_exports(ctx, repo, built, wanted_exports)
    pointer = _pointer(env)
    if ctx.summary_file:
        _append(ctx.summary_file, api.fit(summary, SUMMARY_BYTES // 4, pointer) + "\n", "step summary")
    annotations = _annotations(built)
    for a in annotations:
        _say(wc.annotation(a.level, a.message, file=a.path, line=a.start_line, end_line=a.end_line, title=a.title))

    published = api.Published()
    if token and ctx.repository:
        gh = api.client(ctx.api_url, token)
        title = f"{built.shown_class.label}: " + ("pass" if passed else "; ".join(built.verdict.reasons))
        api.publish_check(gh, ctx.repository, ctx.head_sha,
                          name=input_value("check-name", "MOF openness", env), passed=passed,
                          title=title, summary=summary, annotations=annotations, result=published, pointer=pointer)
        comment_policy = _choice("pr-comment", input_value("pr-comment", "on-change", env), PR_COMMENT)
        if ctx.pull_request is not None and _comment_wanted(comment_policy, passed):
            if ctx.pull_request_number is None:
                published.warnings.append("no pull-request comment: the event gives no pull request number")
            else:
                api.publish_comment(gh, ctx.repository, ctx.pull_request_number, summary, published, pointer)
    for warning in published.warnings:
        _say(wc.annotation("warning", warning, title="mof-action"))

    badge_file, badge_changed, commit_sha = "", False, ""
    if input_bool("badge", True, env):
        options = write.BadgeOptions(style=input_value("badge-style", "flat", env),
                                     out=input_value("badge-path", "badges/mof.svg", env),
                                     readme=input_value("readme", "README.md", env) or None)
        shown_class = built.shown_class
        badge = write.update(repo, shown_class.mof_class, shown_class.progress, declaration.path, options,
                             protected=protected)
        badge_file, badge_changed = badge.svg_path, bool(badge.changed_paths)
        mode = _choice("commit-badge", input_value("commit-badge", "auto", env), COMMIT_BADGE)
        wanted = (mode == "auto" and ctx.is_push_to_default_branch) or (mode == "true" and ctx.event_name == "push")
        if wanted and badge.changed_paths and passed:
            who = git_push.Identity(input_value("committer-name", BOT_NAME, env),
                                    input_value("committer-email", BOT_EMAIL, env))
            template = input_value("commit-message", "Update MOF badge: {class} [skip ci]", env)
            message = template.replace("{class}", shown_class.label)
            try:
                if git_push.commit(repo, badge.changed_paths, message, who):
                    commit_sha = git_push.push(repo, ctx.ref.removeprefix("refs/heads/"), who, secret=token or None)
                    _say(f"pushed the badge commit {commit_sha}")
            except (git_push.PushError, git.GitError) as err:
                _say(wc.annotation("warning", f"badge not pushed: {err}", title="mof-action"))

    verified, declared = built.shown_class, built.classification
    _write_outputs(ctx, {
        "class": verified.mof_class, "class-label": verified.label,
        "declared-class": declared.mof_class, "verified-class": verified.mof_class,
        "progress-class-1": verified.progress[1], "progress-class-2": verified.progress[2],
        "progress-class-3": verified.progress[3], "osaid": built.osaid.verdict,
        "errors": built.errors, "warnings": built.warnings,
        "report-file": str(report_path), "sarif-file": str(sarif_path), "export-files": "\n".join(export_files),
        "badge-file": badge_file, "badge-changed": str(badge_changed).lower(), "commit-sha": commit_sha,
    })
    _say(f"MOF class: {verified.label} (declared: {declared.label}); "
         f"{built.errors} error(s), {built.warnings} warning(s); policy: {'pass' if passed else 'FAIL'}")
    return 0 if passed else 1


def main(env: dict[str, str] | None = None) -> int:
    env = dict(os.environ if env is None else env)
    token = input_value("github-token", "", env)
    _secrets[:] = [token] if token else []
    if token:
        print(wc.mask(token), flush=True)  # before anything else can print it
    try:
        return run(env)
    except ToolError as err:
        return _fail(err)
    except OSError as err:  # the file system failed under us (full disk, permissions): not a traceback
        where = f" ({err.filename})" if err.filename else ""
        return _fail(ServiceError(f"{err.strerror or err}{where}"))


def _fail(err: ToolError) -> int:
    """The one line and the annotation of an error; its exit code."""
    where = err.location
    title = "mof-action: invalid input" if err.exit_code == 2 else "mof-action: environment or service failure"
    _say(wc.annotation("error", err.message, file=where.path if where else None,
                       line=where.line if where else None, title=title))
    print(_redact(terminal_text(f"mof-action: {err}")), file=sys.stderr, flush=True)
    return err.exit_code


if __name__ == "__main__":
    sys.exit(main())
