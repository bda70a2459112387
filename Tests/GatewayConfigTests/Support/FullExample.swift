/// The full example from docs/configuration.md, with every key set to a non-default value.
enum FullExample {
    static let environment = [
        "SO_APP_TOKEN": "app-token-secret",
        "SO_SYSTEM_USER_TOKEN": "system-user-token-secret",
        "OAUTH_SECRET": "oauth-client-secret",
        "OAUTH_REFRESH": "oauth-refresh-secret",
        "REDIS_PASSWORD": "redis-secret",
    ]

    static let yaml = """
        listen:
          host: 0.0.0.0
          port: 8443
          tls:
            cert_file: tls/gateway.pem
            key_file: tls/gateway-key.pem
            http2: false
          trusted_proxies: [10.0.0.10/32, 10.0.0.11/32]   # the load balancers themselves, nothing more

        upstream:
          tenant:
            context: Cust12345
            environment: online
          app_token: ${SO_APP_TOKEN}
          time_zone: NO
          language: nb-no
          culture: sv
          timeout: 20s
          connect_timeout: 2s
          max_connections: 128
          max_response_body: 32MiB
          request_gzip: false
          tls:
            ca_file: tls/upstream-ca.pem
          credentials:
            system_user:
              token: ${SO_SYSTEM_USER_TOKEN}
              private_key_file: keys/partner.pem
              context: Cust12345
              environment: online
              verify: true
          renewal:
            on_status: [401, 403]
            margin: 10m
            failure_backoff: 5s
            ticket_lifetime: 4h
            request_timeout: 15s

        clients:
          - name: planner-web
            api_keys_sha256:
              - 9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08
              - sha256: 60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752
                not_after: "2026-06-30T23:59:59Z"
                note: previous key, retired in OPS-123
            allow:
              - POST /api/v1/Agents/Batch/GetBatchTaskInfosByAssociates
              - GET /api/v1/Contact/*
              - "* /api/v1/Agents/Batch/**"
            source_ips: [10.20.0.0/16, "2001:db8:20::/48"]
            max_body: 4MiB
            time_zone: "US-NY, includeTZOffset"
            rate_limit:
              requests_per_second: 20
              burst: 40
              max_concurrent: 8
            count_cache_hits: false
          - name: reporting.batch
            api_keys_sha256: [fd61a03af4f77d870fc21e05e7e80678095c92d808cfb3b5c279ee04c74aca13]
            language: en
            culture: en-US
            credentials:
              oauth:
                client_id: reporting-app
                client_secret: ${OAUTH_SECRET}
                refresh_token: ${OAUTH_REFRESH}
                environment: online
            rate_limit:
              requests_per_second: 0.5

        limits:
          max_body: 2MiB
          max_header_bytes: 32KiB
          max_header_count: 50
          max_target_length: 4KiB
          header_timeout: 5s
          body_timeout: 15s
          idle_timeout: 60s
          max_connections: 5000
          max_decompressed_body: 16MiB
          handshake_timeout: 4s
          h2_max_concurrent_streams: 50

        cache:
          enabled: true
          ttl: 2m
          stale_while_revalidate: 30s
          stale_if_error: 10m
          max_bytes: 256MiB
          max_ids: 500
          endpoints:
            - GetBatchTaskInfosByAssociates
            - GetBatchTaskInfosByAssociatesAndState
          compose_by_associate: true

        compression:
          enabled: true
          min_size: 2KiB
          level: 4

        rate_limit:
          store: redis://:${REDIS_PASSWORD}@redis.internal:6380/2
          on_store_failure: closed
          replicas: 3
          store_timeout: 50ms
          upstream:
            requests_per_second: 100
            burst: 150
            max_concurrent: 64
            max_wait: 250ms

        admin:
          listen:
            host: 127.0.0.1
            port: 9090
          api_keys_sha256:
            - 2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae

        logging:
          level: notice
          access_log: false

        shutdown:
          drain_timeout: 45s
        """

    /// Creates the files the example names, relative to `directory`.
    static func writeFiles(in directory: TemporaryDirectory) throws {
        try directory.writePEM("tls/gateway.pem")
        try directory.writePEM("tls/gateway-key.pem")
        try directory.writePEM("tls/upstream-ca.pem")
        try directory.writePEM("keys/partner.pem")
    }
}
