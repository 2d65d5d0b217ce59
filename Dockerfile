# syntax=docker/dockerfile:1
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node scripts/build-client.mjs && npx tsc -p tsconfig.json --noEmit && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
# Debian's Chromium renders the PDF reports (puppeteer-core never downloads a browser).
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-dejavu-core tini \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 CHROMIUM_PATH=/usr/bin/chromium \
    DATA_DIR=/data/pglite STORAGE_DIR=/data/storage OUTBOX_DIR=/data/outbox
WORKDIR /app
COPY --from=build /app /app
RUN useradd --system --uid 10001 --home /app vigia && mkdir -p /data && chown -R vigia /data
USER vigia
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:3000/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--import", "tsx", "server/main.ts"]
