# syntax=docker/dockerfile:1
# Node 22 LTS (Node 20 left support in April 2026; the code itself still runs on Node >= 20).
ARG NODE_IMAGE=node:22-bookworm-slim

# Build: compile TypeScript with the dev dependencies.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json ./
COPY src ./src
COPY commands ./commands
COPY jobs ./jobs
COPY test ./test
COPY bench ./bench
RUN npm run build && rm -rf dist/test dist/bench

# Production dependencies only, installed apart so the runtime image has no npm cache or build tools.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

# Runtime: production dependencies and compiled code only, as the unprivileged node user.
# Default command: the bot (role from WX_ROLE, default all). `docker run IMAGE wx cert HOST` runs
# the CLI instead; `docker run IMAGE node dist/src/main.js --role worker` a worker.
FROM ${NODE_IMAGE}
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY docs ./docs
RUN chmod +x dist/cli/wx.js && ln -s /app/dist/cli/wx.js /usr/local/bin/wx
USER node
EXPOSE 3000
# No curl in a slim image: Node's own fetch asks /healthz (200 ok; 503 while Redis is away).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Node handles SIGTERM itself (graceful shutdown); exec form keeps it PID 1 without a shell.
CMD ["node", "dist/src/main.js"]
