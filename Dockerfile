# The Talent Ledger image: dependencies installed from the lock file, then the project itself.
FROM python:3.11-slim
WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY pyproject.toml ./
COPY events ./events
COPY projections ./projections
COPY schema ./schema
COPY service ./service
COPY data ./data
RUN pip install --no-cache-dir --no-deps . && useradd --create-home ledger
USER ledger
ENTRYPOINT ["talentledger"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
