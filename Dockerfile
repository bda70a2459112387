# so-gateway container: a static release build on the official Swift image, run on a slim base as a
# non-root user. Config at /etc/so-gateway/gateway.yml; secrets come in as environment variables
# (${VAR} in gateway.yml) or mounted files. See docs/deployment.md.

# ---- build ----
FROM swift:6.3-bookworm AS build
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libssl-dev zlib1g-dev libxml2-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Resolve dependencies in their own layer so source edits do not refetch them.
COPY Package.swift ./
RUN swift package resolve
COPY Sources ./Sources
COPY Tests ./Tests
COPY scripts/release-build.sh ./scripts/
RUN mkdir -p /out && cp "$(scripts/release-build.sh)" /out/so-gateway

# ---- runtime ----
# libxml2 (with libicu72): the bundled stand-in (`demo`, `stand-in`) reads XML with FoundationXML, which links it.
FROM debian:bookworm-slim
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        zlib1g libxml2 ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin so-gateway \
    && mkdir -p /etc/so-gateway
COPY --from=build /out/so-gateway /usr/local/bin/so-gateway
COPY gateway.yml /etc/so-gateway/gateway.yml
USER 10001:10001
ENV SO_GATEWAY_CONFIG=/etc/so-gateway/gateway.yml
# 8080: partners. 9090: admin (health, readiness, metrics, cache purge).
EXPOSE 8080 9090
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 CMD ["/usr/local/bin/so-gateway", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/so-gateway"]
CMD ["serve"]
