"""`event-contracts publish`: upload the contracts distribution to a package index with twine.

Twine speaks the upload protocol (no hand-written one here) and is the `publish` extra. The
index comes from `--url` or $EVENT_CONTRACTS_INDEX_URL; credentials from
$EVENT_CONTRACTS_INDEX_USER / $EVENT_CONTRACTS_INDEX_PASSWORD (or twine's own TWINE_* variables),
passed to twine through its environment, never its arguments, and never printed.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from event_contracts._dist.meta import Contracts
from event_contracts._secrets import redact, secret_forms, url_without_credentials
from event_contracts.errors import UsageError

URL_ENV = "EVENT_CONTRACTS_INDEX_URL"
USER_ENV = "EVENT_CONTRACTS_INDEX_USER"
PASSWORD_ENV = "EVENT_CONTRACTS_INDEX_PASSWORD"


@dataclass(frozen=True, slots=True)
class Index:
    url: str
    user: str | None = None
    password: str | None = None

    @classmethod
    def from_env(
        cls, url: str | None, user: str | None, environ: Mapping[str, str] = os.environ
    ) -> Index:
        url = url or environ.get(URL_ENV)
        if not url:
            raise UsageError(
                f"no index to publish to: pass --url or set ${URL_ENV} (the upload URL, e.g. "
                "https://pypi.example.internal/ for pypiserver, .../legacy/ for Warehouse)"
            )
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UsageError(f"--url {url_without_credentials(url)!r} is not an http(s) URL")
        # Credentials written into the URL move to twine's environment like the others.
        user = user or environ.get(USER_ENV) or environ.get("TWINE_USERNAME") or parts.username
        password = environ.get(PASSWORD_ENV) or environ.get("TWINE_PASSWORD") or parts.password
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        bare = urlunsplit((parts.scheme, host, parts.path, parts.query, ""))
        return cls(bare, user, password)

    @property
    def secrets(self) -> tuple[str, ...]:
        return secret_forms(self.user, self.password)


def distribution_files(dist: Contracts, folder: Path) -> list[Path]:
    """The sdist and wheel of this version in `folder` (what `build` wrote)."""
    files = sorted(
        p
        for p in folder.glob(f"{dist.stem}-{dist.version}*")
        if p.name.endswith((".whl", ".tar.gz"))
    )
    if not files:
        raise UsageError(
            f"no {dist.name} {dist.version} wheel or sdist in {folder}; run "
            "`event-contracts build` first"
        )
    return files


def upload(index: Index, files: Sequence[Path]) -> str:
    """Upload with twine; return its output, with every secret hidden."""
    if importlib.util.find_spec("twine") is None:
        raise ModuleNotFoundError("No module named 'twine'", name="twine")
    for path in files:
        if not path.is_file():
            raise UsageError(f"{path} is not a file")
    if not (index.user and index.password):  # twine will not upload without both
        raise UsageError(
            f"no credentials for {index.url}: set ${USER_ENV} and ${PASSWORD_ENV} (an index "
            "that does not check them, like pypiserver -a ., takes any)"
        )
    env = {k: v for k, v in os.environ.items() if not k.startswith("TWINE_")}
    if index.user:
        env["TWINE_USERNAME"] = index.user
    if index.password:
        env["TWINE_PASSWORD"] = index.password
    cmd = [sys.executable, "-m", "twine", "upload", "--non-interactive", "--disable-progress-bar"]
    cmd += ["--repository-url", index.url]
    done = subprocess.run(
        [*cmd, *map(str, files)], env=env, capture_output=True, text=True, check=False
    )
    output = redact((done.stdout + done.stderr).strip(), index.secrets)
    if done.returncode != 0:
        raise UsageError(f"the upload to {index.url} failed:\n{output}")
    return output
