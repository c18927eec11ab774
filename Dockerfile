# syntax=docker/dockerfile:1
# One image for ledger-api, ledger-worker, ledger-cli and the development identity provider: the
# service to run is its command (docker-compose.yml). Node 24, the active LTS line (Node 20 reached
# its end of life in April 2026; the code runs on 20.19 and later).

FROM node:24-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary matches the platform.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The embedded SQLite files, when no PostgreSQL is configured (the stores, sessions, the audit).
RUN mkdir -p /app/data && chown node:node /app/data
USER node
# 3000: the API (PORT); 9464: its /metrics (METRICS_PORT); 9465: the worker's health and metrics.
EXPOSE 3000 9464 9465
CMD ["node", "dist/apps/ledger-api/src/main.js"]
