"""The Superset dashboard bundle in git: loading it, checking it, zipping it for an import.

The bundle (`dashboards/bundle/`) is Superset's own v1 import format: `databases/`, `datasets/`,
`charts/` and `dashboards/` YAML files keyed by stable UUIDs. The committed database file holds
no password and a placeholder URL; the target database is substituted when a zip is built, and
the password travels separately, in the import request, as Superset expects.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.engine import URL, make_url

from ehub.errors import ValidationError
from ehub.paths import DASHBOARD_BUNDLE_DIR as BUNDLE_DIR

MASKED_PASSWORD = "XXXXXXXXXX"  # noqa: S105  # nosec B105  Superset's own placeholder for a password left out of a bundle
KINDS = ("databases", "datasets", "charts", "dashboards")
# The model each import endpoint checks `metadata.yaml`'s type against.
METADATA_TYPES = {"databases": "Database", "datasets": "SqlaTable", "charts": "Slice", "dashboards": "Dashboard"}


def readable_name(title: str) -> str:
    """A file name from a title, as Superset's own exports spell them (`Lead Funnel` → `Lead_Funnel`)."""
    return re.sub(r"[^A-Za-z0-9]+", "_", title).strip("_") or "untitled"


def dump_yaml(data: dict[str, Any]) -> str:
    """One stable YAML spelling, so an export and a hand edit produce reviewable diffs."""
    return yaml.safe_dump(data, sort_keys=True, allow_unicode=True, width=120)


@dataclass
class Bundle:
    """Every file of a bundle, parsed, keyed by its path inside the bundle (`charts/Inquiries.yaml`)."""

    files: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, root: Path = BUNDLE_DIR) -> Bundle:
        if not root.is_dir():
            raise ValidationError(f"No dashboard bundle at {root}", code="BUNDLE_MISSING")
        files: dict[str, dict[str, Any]] = {}
        for path in sorted(root.rglob("*.yaml")):
            relative = path.relative_to(root).as_posix()
            try:
                content = yaml.safe_load(path.read_text())
            except yaml.YAMLError as error:
                raise ValidationError(f"{relative} is not valid YAML: {error}", code="BUNDLE_INVALID") from error
            if not isinstance(content, dict):
                raise ValidationError(f"{relative} must hold a mapping", code="BUNDLE_INVALID")
            files[relative] = content
        return cls(files)

    def save(self, root: Path = BUNDLE_DIR) -> None:
        """Write every file, removing files of the same kinds that are no longer in the bundle."""
        for kind in KINDS:
            for stale in (root / kind).rglob("*.yaml") if (root / kind).is_dir() else []:
                if stale.relative_to(root).as_posix() not in self.files:
                    stale.unlink()
        for relative, content in self.files.items():
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(dump_yaml(content))

    def of_kind(self, kind: str) -> dict[str, dict[str, Any]]:
        return {path: content for path, content in self.files.items() if path.startswith(f"{kind}/")}

    def by_uuid(self, kind: str) -> dict[str, tuple[str, dict[str, Any]]]:
        return {str(content["uuid"]): (path, content) for path, content in self.of_kind(kind).items()}

    def titles(self) -> list[str]:
        return sorted(content["dashboard_title"] for content in self.of_kind("dashboards").values())


@dataclass(frozen=True)
class DatabaseTarget:
    """The database Superset should query, split into a password-free URI and the password."""

    sqlalchemy_uri: str
    password: str | None

    @classmethod
    def from_url(cls, url: str) -> DatabaseTarget:
        """From any PostgreSQL URL form the platform uses, in the psycopg2 form Superset ships with."""
        try:
            parsed = make_url(url)
        except Exception as error:  # sqlalchemy raises ArgumentError and ValueError alike
            raise ValidationError(f"Not a database URL: {error}", field="database_url") from error
        if not parsed.drivername.startswith("postgresql"):
            raise ValidationError(
                "Superset reads the marts from PostgreSQL: give a postgresql:// URL", field="database_url"
            )
        password = str(parsed.password) if parsed.password else None  # "user:@host" (pgserver) has none
        target = URL.create(
            "postgresql+psycopg2",
            username=parsed.username,
            password=MASKED_PASSWORD if password else None,
            host=parsed.host,
            port=parsed.port,
            database=parsed.database,
            query=parsed.query,
        )
        return cls(target.render_as_string(hide_password=False), password)


def import_zip(bundle: Bundle, kind: str, target: DatabaseTarget, *, root: str = "ehub_dashboards") -> bytes:
    """The bundle as the zip one import endpoint takes: every file under one root folder.

    Superset's importers need the objects a kind depends on in the same zip (a chart brings its
    dataset and database), so every kind up to `kind` goes in, with the matching metadata type.
    """
    included = KINDS[: KINDS.index(kind) + 1]
    metadata = {"version": "1.0.0", "type": METADATA_TYPES[kind], "timestamp": datetime.now(UTC).isoformat()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{root}/metadata.yaml", dump_yaml(metadata))
        for relative, content in bundle.files.items():
            if relative.split("/", 1)[0] not in included:
                continue
            if relative.startswith("databases/"):
                content = {**content, "sqlalchemy_uri": target.sqlalchemy_uri}
            archive.writestr(f"{root}/{relative}", dump_yaml(content))
    return buffer.getvalue()


def database_passwords(bundle: Bundle, target: DatabaseTarget, *, root: str = "ehub_dashboards") -> dict[str, str]:
    """The `passwords` form field: each database file in the zip mapped to the real password."""
    if target.password is None:
        return {}
    return {f"{root}/{path}": target.password for path in bundle.of_kind("databases")}
