"""A run's inputs, parsed once whatever the host: `get(name, default)` is how the host reads one
(GitHub: INPUT_FAIL-ON; GitLab: MOF_FAIL_ON). Names are action.yml's."""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from mof_action import files
from mof_action.badge.write import BadgeOptions
from mof_action.ci.git_push import Identity
from mof_action.ci.host import COMMIT_BADGE, PR_COMMENT, BadgeInputs, Inputs
from mof_action.errors import UsageError
from mof_action.judge.classify import MODES
from mof_action.scan import cache as cache_check
from mof_action.settings import FAIL_ON, license_ids
from mof_action.views import exports

Get = Callable[[str, str], str]
TRUE, FALSE = ("true", "yes", "1", "on"), ("false", "no", "0", "off", "")
BOT_NAME = "github-actions[bot]"
BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com"
BADGE_BRANCH = "mof-action/badge"


def split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in re.split(r"[\n,]+", value) if v.strip())


def choice(name: str, value: str, options: tuple[str, ...]) -> str:
    if value not in options:
        raise UsageError(f"input '{name}' must be one of {', '.join(options)}, not '{value}'")
    return value


def boolean(name: str, raw: str) -> bool:
    if raw.lower() in TRUE:
        return True
    if raw.lower() in FALSE:
        return False
    raise UsageError(f"input '{name}' must be true or false, not '{raw}'")


def whole_number(name: str, raw: str) -> int | None:
    if not raw:
        return None
    if not re.fullmatch(r"[0-9]{1,18}", raw):  # ASCII digits: str.isdigit() also takes '²' and '٣'
        raise UsageError(f"input '{name}' must be a whole number, not '{raw}'")
    return int(raw)


GITHUB_BOT = Identity(BOT_NAME, BOT_EMAIL)


def _branch_name(name: str, raw: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,199}", raw) or ".." in raw or raw.endswith((".lock", "/")):
        raise UsageError(f"input '{name}' must be a branch name, not '{raw}'")
    return raw


def parse(get: Get, workspace: Path, default_cache: Path, *, bot: Identity = GITHUB_BOT,
          badge_default: str = "true", commit_default: str = "auto") -> Inputs:
    min_class = whole_number("min-class", get("min-class", ""))
    if min_class is not None and min_class not in (1, 2, 3):
        raise UsageError(f"input 'min-class' must be 1, 2 or 3, not {min_class}")
    overrides = {
        "mode": choice("mode", get("mode", "strict"), MODES),
        "fail_on": choice("fail-on", get("fail-on", "error"), FAIL_ON),
        "min_class": min_class,
        "ignore": split(get("ignore", "")),
        "max_file_size": whole_number("max-file-size", get("max-file-size", "")),
        "allow": license_ids(split(get("allow-licenses", "")), "input 'allow-licenses'"),
        "deny": license_ids(split(get("deny-licenses", "")), "input 'deny-licenses'"),
    }
    cache = get("cache-dir", "")
    cache_dir = default_cache
    if cache:
        cache_dir = Path(cache) if Path(cache).is_absolute() else \
            files.confine(workspace, cache, "input 'cache-dir'", expect="dir")
    cache_check.check_place(workspace, cache_dir)  # before the folder is made
    files.usable_directory(cache_dir, "input 'cache-dir'" if cache else "the scan cache")
    scans = tuple(str(files.confine(workspace, p, "input 'scan-results'", expect="file"))
                  for p in split(get("scan-results", "").replace(" ", "\n")))
    badge = None
    if boolean("badge", get("badge", badge_default)):
        badge = BadgeInputs(
            BadgeOptions(style=get("badge-style", "flat"), out=get("badge-path", "badges/mof.svg"),
                         readme=get("readme", "README.md") or None),
            choice("commit-badge", get("commit-badge", commit_default), COMMIT_BADGE),
            Identity(get("committer-name", bot.name), get("committer-email", bot.email)),
            get("commit-message", "Update MOF badge: {class} [skip ci]"),
            _branch_name("badge-branch", get("badge-branch", BADGE_BRANCH)))
    return Inputs(
        mof_file=get("mof-file", "") or None,
        config=get("config", "") or None,
        overrides=overrides,
        cache_dir=cache_dir,
        scan_results=scans,
        base=get("base-ref", "") or None,
        pr_comment=choice("pr-comment", get("pr-comment", "on-change"), PR_COMMENT),
        badge=badge,
        exports=_exports(get("export", "")),
    )


def _exports(raw: str) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(split(raw)))
    for name in names:
        if name not in exports.FORMATS:
            raise UsageError(f"input 'export' takes {', '.join(exports.FORMATS)}, not '{name}'")
    return names
