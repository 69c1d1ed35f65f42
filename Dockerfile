# The policykg API for docker-compose.yml; Neo4j runs in its own container (NEO4J_URI).
FROM python:3.11-slim

WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1

COPY pyproject.toml README.md ./
COPY policykg ./policykg
COPY graph ./graph
COPY loaders ./loaders
COPY api ./api
RUN pip install --no-cache-dir . && useradd --create-home policykg

COPY data ./data
USER policykg

EXPOSE 8000
CMD ["policykg", "serve", "--host", "0.0.0.0", "--port", "8000"]
