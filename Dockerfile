# Weightplan's HTTP API (REST + OpenAPI, tRPC) as a stateless container.
#   docker build -t weightplan .
#   docker run -p 4821:4821 -e WEIGHTPLAN_API_KEY=$(openssl rand -hex 24) weightplan
# The container listens on all interfaces, so the server requires the API key (Authorization: Bearer).

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund \
 && npx turbo run build --filter=weightplan \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    WEIGHTPLAN_CONFIG_DIR=/tmp/weightplan
WORKDIR /app
# Production dependencies and built packages; dev dependencies and caches stay in the build stage.
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/packages ./packages
COPY --from=build /app/apps ./apps
USER node
EXPOSE 4821
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:4821/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "apps/cli/bin/weightplan.js", "serve", "--host", "0.0.0.0", "--port", "4821"]
