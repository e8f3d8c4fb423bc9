"""The Docker action's entrypoint: inputs from the runner, `check`, then everything GitHub shows.

Exit codes as the CLI's: 0 pass, 1 policy failure, 2 invalid input. The token is masked
first and never printed; nothing is committed or pushed unless the run passed on a push
to the default branch.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from mof_action.badge import write
from mof_action import pipeline
from mof_action.declaration import loader
from mof_action import report
from mof_action.declaration import validation
from mof_action.ci import git_push
from mof_action.ci.github import api
from mof_action.ci.github import workflow_commands as wc
from mof_action.ci.github.context import Context, input_bool, input_value
from mof_action.cli import check
from mof_action.errors import UsageError
from mof_action.views import json_view
from mof_action.views import markdown
from mof_action.views import sarif

BOT_NAME = "github-actions[bot]"
BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com"
PR_COMMENT = ("on-change", "always", "on-failure", "never")
COMMIT_BADGE = ("auto", "true", "false")


def _say(line: str) -> None:
    print(line, flush=True)


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
    if not raw.isdigit():
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


def _write_outputs(ctx: Context, values: dict[str, object]) -> None:
    if ctx.output_file is None:
        for k, v in values.items():
            _say(f"output {k}={v}")
        return
    with ctx.output_file.open("a", encoding="utf-8") as f:
        for k, v in values.items():
            f.write(wc.output_block(k, "" if v is None else str(v)))


def _annotations(built: report.Report) -> list[api.Annotation]:
    out = [api.Annotation(d.location.path, d.location.line, d.location.line, d.severity, d.message,
                                     f"MOF declaration: {d.code}") for d in built.diagnostics]
    for f in built.check.findings:
        start = f.start_line or 1
        out.append(api.Annotation(f.path, start, f.end_line or start, f.severity, f.message,
                                             f"{f.rule} {f.rule_name}"))
    return out


def _comment_wanted(policy: str, passed: bool) -> bool:
    return policy in ("always", "on-change") or (policy == "on-failure" and not passed)


def run(env: dict[str, str]) -> int:
    ctx = Context.from_env(env)
    repo = ctx.workspace
    token = input_value("github-token", "", env)
    args = _namespace(env)
    settings = check.settings_from(args, repo)
    cache = input_value("cache-dir", "", env)
    cache_dir = Path(cache) if cache else ctx.temp / "mof-action-cache"
    scan_results = [str(repo / p) if not Path(p).is_absolute() else p
                    for p in _split(input_value("scan-results", "", env).replace(" ", "\n"))]

    declaration, diagnostics = validation.validate(loader.load_declaration(repo, input_value("mof-file", "", env)
                                                                           or None))
    if declaration is None:
        first = next(d for d in diagnostics if d.severity == "error")
        raise UsageError(first.message, first.location)
    built = pipeline.check(repo, declaration, diagnostics, settings, cache_dir=cache_dir,
                           results_files=scan_results or None)
    passed = built.passed

    report_file = "mof-action-report.json"
    (repo / report_file).write_text(json_view.render(built), encoding="utf-8")
    sarif_file = input_value("sarif-file", "mof-action.sarif", env)
    sarif_path = Path(sarif_file) if Path(sarif_file).is_absolute() else repo / sarif_file
    sarif_path.parent.mkdir(parents=True, exist_ok=True)
    sarif_path.write_text(sarif.render(built), encoding="utf-8")

    summary = markdown.render(built)
    (repo / "mof-action-report.md").write_text(summary, encoding="utf-8")  # for a workflow_run comment
    if ctx.summary_file:
        with ctx.summary_file.open("a", encoding="utf-8") as f:
            f.write(summary + "\n")
    annotations = _annotations(built)
    for a in annotations:
        _say(wc.annotation(a.level, a.message, file=a.path, line=a.start_line, end_line=a.end_line, title=a.title))

    published = api.Published()
    if token and ctx.repository:
        gh = api.client(ctx.api_url, token)
        title = f"{built.shown_class.label}: " + ("pass" if passed else "; ".join(built.verdict.reasons))
        api.publish_check(gh, ctx.repository, ctx.head_sha,
                                     name=input_value("check-name", "MOF openness", env), passed=passed,
                                     title=title, summary=summary, annotations=annotations, result=published)
        comment_policy = _choice("pr-comment", input_value("pr-comment", "on-change", env), PR_COMMENT)
        if ctx.pull_request and _comment_wanted(comment_policy, passed):
            api.publish_comment(gh, ctx.repository, int(ctx.pull_request["number"]), summary, published)
    for warning in published.warnings:
        _say(wc.annotation("warning", warning, title="mof-action"))

    badge_file, badge_changed, commit_sha = "", False, ""
    if input_bool("badge", True, env):
        options = write.BadgeOptions(style=input_value("badge-style", "flat", env),
                                            out=input_value("badge-path", "badges/mof.svg", env),
                                            readme=input_value("readme", "README.md", env) or None)
        shown_class = built.shown_class
        badge = write.update(repo, shown_class.mof_class, shown_class.progress, declaration.path, options)
        badge_file, badge_changed = badge.svg_path, bool(badge.changed_paths)
        mode = _choice("commit-badge", input_value("commit-badge", "auto", env), COMMIT_BADGE)
        wanted = (mode == "auto" and ctx.is_push_to_default_branch) or (mode == "true" and ctx.event_name == "push")
        if wanted and badge.changed_paths and passed:
            who = git_push.Identity(input_value("committer-name", BOT_NAME, env),
                                      input_value("committer-email", BOT_EMAIL, env))
            template = input_value("commit-message", "Update MOF badge: {class} [skip ci]", env)
            message = template.replace("{class}", shown_class.label)
            if git_push.commit(repo, badge.changed_paths, message, who):
                try:
                    commit_sha = git_push.push(repo, ctx.ref.removeprefix("refs/heads/"), who, secret=token or None)
                    _say(f"pushed the badge commit {commit_sha}")
                except git_push.PushError as err:
                    _say(wc.annotation("warning", f"badge not pushed: {err}", title="mof-action"))

    verified, declared = built.shown_class, built.classification
    _write_outputs(ctx, {
        "class": verified.mof_class, "class-label": verified.label,
        "declared-class": declared.mof_class, "verified-class": verified.mof_class,
        "progress-class-1": verified.progress[1], "progress-class-2": verified.progress[2],
        "progress-class-3": verified.progress[3], "osaid": built.osaid.verdict,
        "errors": built.errors, "warnings": built.warnings,
        "report-file": report_file, "sarif-file": sarif_file,
        "badge-file": badge_file, "badge-changed": str(badge_changed).lower(), "commit-sha": commit_sha,
    })
    _say(f"MOF class: {verified.label} (declared: {declared.label}); "
         f"{built.errors} error(s), {built.warnings} warning(s); policy: {'pass' if passed else 'FAIL'}")
    return 0 if passed else 1


def main(env: dict[str, str] | None = None) -> int:
    env = dict(os.environ if env is None else env)
    token = input_value("github-token", "", env)
    if token:
        _say(wc.mask(token))  # before anything else can print it
    try:
        return run(env)
    except UsageError as err:
        where = err.location
        _say(wc.annotation("error", err.message, file=where.path if where else None,
                           line=where.line if where else None, title="mof-action: invalid input"))
        print(f"mof-action: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
