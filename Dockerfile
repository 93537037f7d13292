# One image holding every retrain executable: the operator CLI, the five stages and the server.
#
#   docker build -t retrain:latest .                      # this machine's local base images
#   docker build -t retrain:latest \
#     --build-arg BUILDER_IMAGE=swift:6.3-bookworm \
#     --build-arg RUNTIME_IMAGE=debian:bookworm-slim .   # the official images, where reachable
#
# The default base images are made on the machine itself by scripts/container-test (debootstrap
# of Debian bookworm; the builder adds this machine's Swift toolchain and its package mirror),
# because no image registry is reachable here. Their names start with 127.0.0.1/ on purpose: if
# one is missing, Docker's pull goes to the loopback address and fails there, never elsewhere.
# Works with the legacy builder (DOCKER_BUILDKIT=0) and with BuildKit; see docs/containers.md.

ARG BUILDER_IMAGE=127.0.0.1/retrain-base/swift-builder:6.3.1-bookworm
ARG RUNTIME_IMAGE=127.0.0.1/retrain-base/runtime:bookworm

# --- manifest: the dependencies of Package.swift, and nothing else ---------------------------
# A generated Package.swift with the same dependencies (URLs, requirements, traits) and one
# target using every product our targets use. It changes only when the dependencies do, so
# adding or editing a target keeps the slow layer below (every dependency, release).
FROM ${BUILDER_IMAGE} AS manifest
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
WORKDIR /build
COPY Package.swift ./
COPY scripts/containers/stub-sources.swift /tmp/stub-sources.swift
RUN swift package dump-package | swift /tmp/stub-sources.swift --dependencies-manifest /dependencies

# --- dependencies: every dependency built, from the generated manifest alone ------------------
# Docker keeps file times to the second only, and SwiftPM rebuilds whatever it finds with a
# changed time, so the exact times of .build are written down here and put back below.
FROM ${BUILDER_IMAGE} AS dependencies
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# Debug information is stripped from the image anyway: not making it saves compile time.
ARG SWIFT_BUILD_FLAGS="-c release --static-swift-stdlib -Xswiftc -gnone -Xcc -g0 -Xcxx -g0"
WORKDIR /build
COPY --from=manifest /dependencies/ ./
# hadolint ignore=SC2086
RUN swift package resolve \
    && swift build $SWIFT_BUILD_FLAGS \
    && rm -rf Sources \
    && find .build -printf '%T@ %p\n' >/tmp/build-times

# --- build: every executable product, release, Swift runtime linked statically ---------------
# The real manifest and sources over the generated ones: SwiftPM compiles a dependency the same
# whatever the root's targets are, so only our own targets compile here. The test targets get
# empty stubs (Tests/ is not in the build context; `swift build` never builds tests).
FROM dependencies AS build
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
ARG SWIFT_BUILD_FLAGS="-c release --static-swift-stdlib -Xswiftc -gnone -Xcc -g0 -Xcxx -g0"
COPY Package.swift ./
COPY scripts/containers/stub-sources.swift /tmp/stub-sources.swift
COPY Sources ./Sources
# Every executable named retrain or retrain-* goes to /out (the CLI, the stages, the server): a
# new one needs no change here. Other executable targets (learning-bench) are not shipped.
# The StaticSwiftRuntime trait links the batch executables without PIE (Package.swift says
# why); it is the root package's own, so the dependencies built above are reused as they are.
# hadolint ignore=SC2086
RUN while IFS=' ' read -r time path; do touch -h -d "@$time" "$path"; done </tmp/build-times \
    && swift package dump-package | swift /tmp/stub-sources.swift --missing \
    && swift build $SWIFT_BUILD_FLAGS --traits StaticSwiftRuntime \
    && bin="$(swift build $SWIFT_BUILD_FLAGS --show-bin-path)" \
    && mkdir /out \
    && for file in "$bin"/retrain "$bin"/retrain-*; do \
        if [ -f "$file" ] && [ -x "$file" ] && [ "$(head -c 4 "$file" | tail -c 3)" = ELF ]; then \
            case "$file" in *.so) ;; *) cp "$file" /out/ ;; esac; \
        fi; \
    done \
    && strip /out/* \
    && ls -l /out

# --- runtime: slim Debian, non-root, the store at /artifacts ---------------------------------
FROM ${RUNTIME_IMAGE} AS runtime
# curl serves the HEALTHCHECK (no executable links FoundationNetworking, so nothing else needs
# libcurl). The local runtime base already has it (nothing is downloaded); an official slim
# image gets it here.
# hadolint ignore=DL3008
RUN if ! command -v curl >/dev/null; then \
        apt-get update \
        && apt-get install -y --no-install-recommends ca-certificates curl tzdata \
        && rm -rf /var/lib/apt/lists/*; \
    fi \
    && groupadd --system --gid 10001 retrain \
    && useradd --system --uid 10001 --gid retrain --home-dir /artifacts --no-create-home \
        --shell /usr/sbin/nologin retrain \
    && mkdir -p /artifacts /workspace \
    && chown retrain:retrain /artifacts
COPY --from=build /out/ /usr/local/bin/
ENV RETRAIN_STORE=/artifacts
# Pipelines name relative paths (data, scripts); compose mounts examples/ here read-only.
WORKDIR /workspace
USER 10001:10001
EXPOSE 8080
# The server answers /healthz on 127.0.0.1 inside its own network namespace (or the host's
# with network_mode: host); set RETRAIN_SERVE_PORT when --port is not 8080.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
    CMD ["/bin/sh", "-c", "curl -fsS \"http://127.0.0.1:${RETRAIN_SERVE_PORT:-8080}/healthz\" >/dev/null || exit 1"]
ENTRYPOINT ["retrain"]
CMD ["--help"]
