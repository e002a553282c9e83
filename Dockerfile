# No "# syntax=" line: BuildKit would fetch that frontend from Docker Hub, and the built-in one
# reads everything below. Built and run on 2026-12-01 with docker/verify.sh (see README).

# --- Build: compile TypeScript and better-sqlite3's native module --------------------------------
FROM node:24-bookworm-slim AS build
# better-sqlite3 downloads a prebuilt binary when one matches, and compiles itself otherwise.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# The image ships Node's headers in /usr/local/include/node: node-gyp uses them instead of
# downloading them, so the compile path also works where only the npm registry is reachable.
ENV npm_config_nodedir=/usr/local
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts keeps the project's own lifecycle scripts (prepare, prestart…) out of the
# install; only better-sqlite3's native build is run, explicitly. The image's own npm is used.
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build \
 && npm prune --omit=dev --ignore-scripts

# --- Runtime: production dependencies, compiled code and both databases' migrations, non-root ----
FROM node:24-bookworm-slim AS runtime
# ffmpeg, for the bot's video delivery.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg \
 && rm -rf /var/lib/apt/lists/*
# HTTP_HOST: inside a container the HTTP server must listen beyond the container's own loopback
# for a published port to reach it; compose publishes it on the host's 127.0.0.1 only.
ENV NODE_ENV=production \
    DATABASE_PATH=/data/bot.db \
    HTTP_HOST=0.0.0.0
WORKDIR /app
# package.json is needed at run time: it makes dist/*.js ES modules ("type": "module").
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY drizzle ./drizzle
COPY drizzle-pg ./drizzle-pg
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]

# Probes /healthz when the HTTP server is on (HTTP_PORT set); without it there is nothing to ask,
# so the check passes. The slim image has no curl or wget, hence node itself.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "const p=process.env.HTTP_PORT;if(!p)process.exit(0);fetch('http://127.0.0.1:'+p+'/healthz',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"

# Run node directly, not `npm start`: npm would sit between the process and SIGTERM, which the bot
# handles to stop cleanly (node as PID 1 still gets it: the bot installs its own handler).
CMD ["node", "dist/main.js"]
