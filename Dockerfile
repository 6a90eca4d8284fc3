# syntax=docker/dockerfile:1
# Build: compile TypeScript with the dev dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json ./
COPY src ./src
COPY commands ./commands
COPY jobs ./jobs
COPY test ./test
COPY bench ./bench
RUN npx tsc -p . && rm -rf dist/test dist/bench

# Runtime: production dependencies and compiled code only, as the unprivileged node user.
# Default command: the bot (role from WX_ROLE, default all). `docker run IMAGE wx cert HOST` runs
# the CLI instead; `docker run IMAGE node dist/src/main.js --role worker` a worker.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY docs ./docs
RUN chmod +x dist/src/cli/wx.js && ln -s /app/dist/src/cli/wx.js /usr/local/bin/wx
USER node
EXPOSE 3000
# Node handles SIGTERM itself (graceful shutdown); exec form keeps it PID 1 without a shell.
CMD ["node", "dist/src/main.js"]
