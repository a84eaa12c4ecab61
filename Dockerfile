# The platform image: the `ehub` CLI, Dagster code location, dbt project and bot API.
# Every service in docker-compose.yml runs an `ehub` command from this image.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    PATH=/app/.venv/bin:$PATH \
    EHUB_DATA_DIR=/var/lib/ehub

WORKDIR /app
RUN pip install --no-cache-dir uv==0.13.8 \
    && useradd --system --create-home --home-dir /var/lib/ehub ehub

# Dependencies first, from the lock file, so code changes do not reinstall them.
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project

COPY ehub ./ehub
COPY pipelines ./pipelines
COPY bot_api ./bot_api
COPY tools ./tools
COPY sandbox ./sandbox
COPY dbt ./dbt
COPY dashboards ./dashboards
# The project is installed editable, which uv does not compile: its bytecode too, once, here.
RUN uv sync --frozen --no-dev \
    && python -m compileall -q ehub tools bot_api pipelines sandbox \
    && chown -R ehub /app/dbt

USER ehub
CMD ["ehub", "--help"]
