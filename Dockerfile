# An `orc worker` image: the compiled package as `npm pack` makes it, bubblewrap for code steps,
# Python for python-executor, Chromium only when asked (headless-browser scrape_js, PNG charts,
# PDF reports). docs/operations.md, "Workers in containers", says how to run N of them.
#
#   docker build -t orc-worker .                                  # without Chromium
#   docker build -t orc-worker --build-arg WITH_CHROMIUM=1 .      # with Debian's Chromium
ARG NODE_VERSION=22

# Stage 1: build and pack the package from the checkout (prepack runs `npm run build`).
FROM node:${NODE_VERSION}-bookworm-slim AS pack
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN mkdir /pack && npm pack --pack-destination /pack

# Stage 2: the worker, with the package installed globally and nothing of the build.
FROM node:${NODE_VERSION}-bookworm-slim
ARG WITH_CHROMIUM=0
ARG WITH_PYTHON_DATA_LIBS=0
# hadolint ignore=DL3008
RUN apt-get update \
  && apt-get install -y --no-install-recommends bubblewrap python3 tini ca-certificates \
  && if [ "$WITH_CHROMIUM" = "1" ]; then apt-get install -y --no-install-recommends chromium fonts-dejavu-core; fi \
  && if [ "$WITH_PYTHON_DATA_LIBS" = "1" ]; then apt-get install -y --no-install-recommends python3-pandas python3-numpy python3-scipy; fi \
  && rm -rf /var/lib/apt/lists/*
COPY --from=pack /pack/ /tmp/pack/
RUN npm install -g --no-audit --no-fund /tmp/pack/orc-pipelines-*.tgz \
  && rm -rf /tmp/pack \
  && npm cache clean --force \
  && mkdir -p /workspace /home/node/.orc \
  && chown 1000:1000 /workspace /home/node/.orc

# 1000 is the base image's `node` user (numeric, so the runtime never needs to look the name up).
USER 1000:1000
WORKDIR /workspace
# Logs as JSON lines, health and metrics reachable from outside the container.
ENV ORC_WORKSPACE=/workspace \
    ORC_DATA_DIR=/home/node/.orc \
    ORC_LOG_FORMAT=json \
    ORC_HEALTH_HOST=0.0.0.0 \
    ORC_HEALTH_PORT=8080 \
    ORC_METRICS_PORT=9464
EXPOSE 8080 9464
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# tini forwards SIGTERM to orc, which drains (ORC_SHUTDOWN_GRACE_SECONDS) before it exits.
ENTRYPOINT ["tini", "--", "orc"]
CMD ["worker"]
