/// The report laid out as sections, in page order; both renderings read only this.
extension StatusReport {
    var sections: [StatusSection] {
        [
            .values(key: "gateway", title: "Gateway", fields: [
                ("version", "Version", .text(version)),
                ("started_at", "Started", .date(startedAt)),
                ("uptime_seconds", "Uptime (s)", .int(uptimeSeconds)),
                ("generated_at", "As of", .date(generatedAt)),
            ]),
            .values(key: "config", title: "Configuration", fields: [
                ("sha256", "gateway.yml SHA-256", .text(configSHA256)),
                ("loaded_at", "Loaded", .date(configLoadedAt)),
            ]),
            .table(
                key: "clients", title: "Clients", rowTitle: "Client",
                columns: [
                    ("rate_per_second", "req/s (1 min)"), ("requests", "Requests"), ("2xx", "2xx"), ("4xx", "4xx"), ("5xx", "5xx"),
                    ("429", "429"),
                ],
                rows: clients.map { row in
                    (row.client, [
                        .double((row.ratePerSecond * 1000).rounded() / 1000), .int(row.total), .int(row.status2xx), .int(row.status4xx), .int(row.status5xx),
                        .int(row.status429),
                    ])
                }
            ),
            .values(key: "cache", title: "Task cache", fields: [
                ("enabled", "Enabled", .bool(cache.enabled)),
                ("entries", "Entries", .int(cache.entries)),
                ("bytes", "Bytes", .int(cache.bytes)),
                ("max_bytes", "Max bytes", .int(cache.maxBytes)),
                ("hit_ratio", "Hit ratio", .double(cache.hitRatio.map { ($0 * 10_000).rounded() / 10_000 })),
                ("avoided_calls", "Upstream calls avoided", .int(cache.avoidedCalls)),
                ("hits", "Hits", .int(cache.hits)),
                ("stale_served", "Stale served", .int(cache.staleServed)),
                ("coalesced_waits", "Coalesced waits", .int(cache.coalescedWaits)),
                ("misses", "Misses", .int(cache.misses)),
            ]),
            .values(key: "upstream", title: "Upstream", fields: [
                ("latency_p50_ms", "Latency p50 (ms)", .double(upstream.latencyP50Ms)),
                ("latency_p99_ms", "Latency p99 (ms)", .double(upstream.latencyP99Ms)),
                ("samples", "Calls in window", .int(upstream.samples)),
                ("circuit", "Circuit", .text(upstream.circuit)),
                ("circuit_open_seconds", "Circuit open for (s)", .int(upstream.circuitOpenSeconds)),
                ("budget_requests_per_second", "Budget (req/s)", .double(upstream.budgetPerSecond)),
                ("budget_burst", "Budget burst", .int(upstream.budgetBurst)),
                ("budget_max_concurrent", "Budget max concurrent", .int(upstream.budgetMaxConcurrent)),
            ]),
            .table(
                key: "credentials", title: "Upstream credentials", rowTitle: "Identity",
                columns: [
                    ("kind", "Kind"), ("obtained_at", "Obtained"), ("expiry", "Expiry"), ("expires_at", "Expires"),
                    ("last_renewal_at", "Last renewal"), ("last_renewal_result", "Result"), ("last_failure", "Last failure"),
                    ("renewals", "Renewals"), ("failures", "Failures"),
                ],
                rows: credentials.map { entry in
                    let status = entry.status
                    return (entry.identity, [
                        .text(status.kind), .date(status.obtainedAt), .text(status.expiry), .date(status.expiresAt),
                        .date(status.lastRenewalAt), .text(status.lastRenewalResult), .text(status.lastFailure),
                        .int(status.renewals), .int(status.failures),
                    ])
                }
            ),
            .values(key: "redis", title: "Redis", fields: [
                ("store", "Rate-limit store", .text(redis.store)),
                ("on_store_failure", "On store failure", .text(redis.onStoreFailure)),
                ("bus", "Cache bus", .text(redis.bus)),
                ("shared_store", "Shared cache tier", .text(redis.sharedStore)),
            ]),
        ]
    }

    /// `/status.json`.
    func json() -> JSONWriter {
        var writer = JSONWriter()
        writer.beginObject()
        for section in sections {
            switch section {
            case .values(let key, _, let fields):
                writer.beginObject(key)
                for field in fields { field.value.write(named: field.key, into: &writer) }
                writer.endObject()
            case .table(let key, _, _, let columns, let rows):
                writer.beginObject(key)
                for row in rows {
                    writer.beginObject(row.key)
                    for (column, value) in zip(columns, row.values) { value.write(named: column.key, into: &writer) }
                    writer.endObject()
                }
                writer.endObject()
            }
        }
        writer.endObject()
        return writer
    }
}
