"""The code location of the demo and of every run without credentials: the pipelines' definitions
with the offline sandbox handed in. `tools.runtime` points Dagster here only when a source has no
credential; production (every credential present) loads `pipelines.definitions`."""

from pipelines.definitions import build_definitions
from sandbox.sources import SANDBOX

defs = build_definitions(offline=SANDBOX)
