"""How the CLI talks: one console, one error format, and a step-by-step progress display."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import typer

from ehub.errors import EhubError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.status import Status


class _LazyConsole:
    """A rich Console created on first use: `ehub --help` never pays for importing rich."""

    def __init__(self, *, stderr: bool = False) -> None:
        self._stderr = stderr
        self._console: Console | None = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=self._stderr)
        return getattr(self._console, name)


console: Console = _LazyConsole()  # type: ignore[assignment]
errors: Console = _LazyConsole(stderr=True)  # type: ignore[assignment]


def command_group(help_text: str) -> typer.Typer:
    """A group of subcommands with plain help: rich's help renderer costs more CPU than the rest
    of `ehub ... --help` together."""
    return typer.Typer(help=help_text, no_args_is_help=True, rich_markup_mode=None)


@dataclass
class OutputOptions:
    json: bool = False


options = OutputOptions()


def emit(data: Any) -> None:
    """Print a result: JSON with `--json`, else let the caller have rendered it already."""
    if options.json:
        print(json.dumps(data, indent=2, default=str))


def report_error(error: EhubError) -> None:
    if options.json:
        print(json.dumps(error.to_dict()), flush=True)
    else:
        errors.print(f"[bold red]error[/]: {error.message} [dim]({error.code})[/]", highlight=False, soft_wrap=True)


@dataclass
class Steps:
    """Numbered steps with a spinner while each runs and its duration once done."""

    total: int
    done: int = 0
    started_at: float = field(default_factory=time.monotonic)
    _status: Status | None = None

    @contextmanager
    def step(self, title: str) -> Iterator[Steps]:
        self.done += 1
        label = f"[{self.done}/{self.total}] {title}"
        began = time.monotonic()
        with console.status(label) as status:
            self._status = status
            try:
                yield self
            except BaseException:
                console.print(f"[red]✗[/] {label}", highlight=False, soft_wrap=True)
                raise
            finally:
                self._status = None
        console.print(f"[green]✓[/] {label} [dim]({time.monotonic() - began:.1f}s)[/]", highlight=False, soft_wrap=True)

    def detail(self, text: str) -> None:
        """Show what the current step is doing right now."""
        if self._status is not None:
            self._status.update(f"[{self.done}/{self.total}] {text}")

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started_at
