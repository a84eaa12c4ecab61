"""A real Superset on this machine, without Docker: its own virtual environment, SQLite metadata.

Superset's dependency pins clash with the project's, so it lives in a separate virtual
environment, built once per machine from `dashboards/superset/requirements.txt` (with the
frozen `constraints.txt`) under the user's cache directory and reused while those files are
unchanged. A freshly upgraded and initialised metadata database (no users) is cached beside it,
so a new instance costs one `superset fab create-admin`, not `superset db upgrade` + `init` too.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

from ehub.errors import EhubError, UnavailableError
from ehub.paths import DASHBOARDS_DIR
from tools.dashboards.superset import SupersetCredentials
from tools.runtime import free_port, stop_processes, wait_for_http

SUPERSET_DIR = DASHBOARDS_DIR / "superset"
REQUIREMENTS = SUPERSET_DIR / "requirements.txt"
CONSTRAINTS = SUPERSET_DIR / "constraints.txt"
CONFIG = SUPERSET_DIR / "superset_config.py"
ADMIN_USER = "admin"


class SupersetSetupError(EhubError):
    error = "superset_setup_failed"
    code = "SUPERSET_SETUP_FAILED"


def cache_root() -> Path:
    """Where environments live: `EHUB_SUPERSET_CACHE`, else `~/.cache/ehub` (XDG_CACHE_HOME honoured)."""
    if configured := os.environ.get("EHUB_SUPERSET_CACHE"):
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ehub"


def _fingerprint() -> str:
    digest = hashlib.sha256(REQUIREMENTS.read_bytes() + CONSTRAINTS.read_bytes())
    digest.update(f"{sys.version_info.major}.{sys.version_info.minor}".encode())
    return digest.hexdigest()[:12]


def _run(command: list[str], *, env: dict[str, str] | None = None, what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
        raise SupersetSetupError(f"{what} failed (exit {result.returncode}):\n{tail}")


def ensure_environment() -> Path:
    """The Superset virtual environment's `bin` directory, building it on first use.

    A venv's scripts name their interpreter by absolute path, so it is built where it lives; the
    `ready` marker, written last, tells a complete environment from an interrupted build.
    """
    home = cache_root() / f"superset-{_fingerprint()}"
    bin_dir = home / "venv" / "bin"
    if (home / "ready").exists():
        return bin_dir
    cache_root().mkdir(parents=True, exist_ok=True)
    with (cache_root() / f"{home.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # parallel test workers (or two commands) build it once
        if not (home / "ready").exists():
            _build(home, bin_dir)
    return bin_dir


def _build(home: Path, bin_dir: Path) -> None:
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    _run([sys.executable, "-m", "venv", str(home / "venv")], what="Creating Superset's virtual environment")
    _run(
        [
            str(bin_dir / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
            str(REQUIREMENTS),
            "-c",
            str(CONSTRAINTS),
        ],
        what="Installing Superset from the package registry",
    )
    (home / "ready").write_text("ok\n")


class LocalSuperset:
    """Start a Superset on 127.0.0.1 for as long as the context lasts."""

    def __init__(self, instance_dir: Path, *, port: int | None = None) -> None:
        self.instance_dir = instance_dir
        self.port = port or free_port()
        self.password = secrets.token_urlsafe(12)
        self._process: subprocess.Popen | None = None

    def _environment(self, bin_dir: Path) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if not key.startswith(("EHUB_", "SUPERSET_"))}
        env.update(
            PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
            FLASK_APP="superset",
            SUPERSET_CONFIG_PATH=str(CONFIG),
            SUPERSET_HOME=str(self.instance_dir),
            SUPERSET_SECRET_KEY=self._secret_key(),
            SUPERSET_METADATA_URL=f"sqlite:///{self.instance_dir / 'superset.db'}",
        )
        return env

    def _secret_key(self) -> str:
        key_file = self.instance_dir / "secret_key"
        if not key_file.exists():
            key_file.write_text(secrets.token_urlsafe(42))
        return key_file.read_text().strip()

    def _initialise(self, bin_dir: Path, env: dict[str, str]) -> None:
        """Metadata schema, roles and admin on first start. A new instance copies the machine's cached
        metadata database, already upgraded and initialised, and only adds its admin; an instance
        started before runs `superset init` again, which brings its roles up to this Superset."""
        database = self.instance_dir / "superset.db"
        password_file = self.instance_dir / "admin_password"
        superset = str(bin_dir / "superset")
        if database.exists() and password_file.exists():
            self.password = password_file.read_text().strip()
            _run([superset, "init"], env=env, what="superset init")
            return
        template = bin_dir.parent.parent / "metadata-initialised.db"
        if not template.exists():
            database.unlink(missing_ok=True)
            _run([superset, "db", "upgrade"], env=env, what="superset db upgrade")
            _run([superset, "init"], env=env, what="superset init")
            shutil.copyfile(database, template.with_suffix(".tmp"))
            template.with_suffix(".tmp").rename(template)
        else:
            shutil.copyfile(template, database)
        admin = ["--username", ADMIN_USER, "--firstname", "Admin", "--lastname", "EnterpriseHub"]
        admin += ["--email", "admin@enterprisehub.invalid", "--password", self.password]
        _run([superset, "fab", "create-admin", *admin], env=env, what="superset fab create-admin")
        password_file.write_text(self.password)
        password_file.chmod(0o600)

    def __enter__(self) -> SupersetCredentials:
        bin_dir = ensure_environment()
        self.instance_dir.mkdir(parents=True, exist_ok=True)
        env = self._environment(bin_dir)
        self._initialise(bin_dir, env)
        log = (self.instance_dir / "superset.log").open("ab")
        self._process = subprocess.Popen(
            [str(bin_dir / "superset"), "run", "-h", "127.0.0.1", "-p", str(self.port), "--with-threads"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        url = f"http://127.0.0.1:{self.port}"
        try:
            wait_for_http(
                "Superset", f"{url}/health", self._process, timeout=120, log=self.instance_dir / "superset.log"
            )
        except UnavailableError:
            self.__exit__()
            raise
        return SupersetCredentials(url, ADMIN_USER, self.password)

    def __exit__(self, *_: object) -> None:
        if self._process is not None:
            stop_processes([self._process])
            self._process = None
