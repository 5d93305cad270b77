# The Talent Ledger image: the runtime dependencies only (requirements.lock, hashed; the test tools
# are in requirements-dev.lock), the project, a non-root user owning /data (where the SQLite default
# lives), and a HEALTHCHECK on GET /health/ready. See docs/operations.md, Docker.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    TALENTLEDGER_DATABASE=/data/talentledger.db \
    TALENTLEDGER_HOST=0.0.0.0
WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY pyproject.toml ./
COPY events ./events
COPY projections ./projections
COPY schema ./schema
COPY service ./service
COPY data ./data
RUN pip install --no-cache-dir --no-deps . \
    && useradd --system --uid 10001 --create-home --home-dir /home/ledger ledger \
    && mkdir -p /data \
    && chown ledger:ledger /data
USER ledger
VOLUME ["/data"]
EXPOSE 8000
# Ready, not merely alive: the database answers and a projector keeps the read models up. A
# projector container (no HTTP) overrides this with `talentledger ready` (docker-compose.yml).
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request as u; sys.exit(u.urlopen('http://127.0.0.1:%s/health/ready' % os.environ.get('TALENTLEDGER_PORT', '8000'), timeout=4).status != 200)"]
ENTRYPOINT ["talentledger"]
# --init: a new container creates its SQLite file in /data (a PostgreSQL URL needs nothing).
CMD ["serve", "--init"]
