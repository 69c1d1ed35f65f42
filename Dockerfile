# The policykg API for docker-compose.yml; Neo4j runs in its own container (NEO4J_URI).

# The explorer's front-end libraries, installed from npm at the locked versions.
FROM node:20-slim AS explorer
WORKDIR /app/api/explorer
COPY api/explorer/package.json api/explorer/package-lock.json api/explorer/.npmrc ./
RUN npm ci --omit=dev

FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1

COPY pyproject.toml README.md ./
COPY policykg ./policykg
COPY graph ./graph
COPY loaders ./loaders
COPY api ./api
COPY queries ./queries
COPY --from=explorer /app/api/explorer/node_modules ./api/explorer/node_modules
# Editable, so that queries/ and the explorer's files are read from /app as in a checkout.
RUN pip install --no-cache-dir -e . && useradd --create-home policykg

COPY data ./data
USER policykg

EXPOSE 8000
CMD ["policykg", "serve", "--host", "0.0.0.0", "--port", "8000"]
