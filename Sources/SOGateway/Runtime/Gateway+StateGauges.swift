import GatewayConfig

/// State gauges read from the live parts at each scrape (they change without a request to count them):
/// the upstream circuit, the rate-limit store, credentials that cannot be obtained and the cache's byte budget.
extension Gateway {
    /// Gauge names, also used by docs/observability's dashboard and alert rules.
    static let circuitOpenMetric = "so_gateway_upstream_circuit_open"
    static let storeUpMetric = "so_gateway_ratelimit_store_up"
    static let credentialsNotReadyMetric = "so_gateway_upstream_credentials_not_ready"
    static let cacheMaxBytesMetric = "so_gateway_cache_max_bytes"

    func updateStateGauges() {
        metrics.setGauge(Self.circuitOpenMetric, rateLimits.circuit.remaining() == nil ? 0 : 1)
        if let sharedStore {
            metrics.setGauge(Self.storeUpMetric, sharedStore.isHealthy ? 1 : 0)
        }
        metrics.setGauge(Self.credentialsNotReadyMetric, identities.all.filter { !$0.provider.isReady }.count)
        let cache = source.current.configuration.cache
        metrics.setGauge(Self.cacheMaxBytesMetric, cache.enabled ? cache.maxBytes : 0)
    }
}

extension Gateway {
    /// Exports the event counters at zero from the start, so dashboards and alert rules find every series
    /// before its first event (a counter that appears only on its first increment looks like "no data").
    func registerZeroSeries(_ configuration: GatewayConfiguration) {
        for reason in ["rate", "concurrency", "circuit"] {
            metrics.increment("so_gateway_upstream_budget_rejected_total", dimensions: [("reason", reason)], by: 0)
        }
        for state in ["open", "closed"] {
            metrics.increment("so_gateway_upstream_circuit_transitions_total", dimensions: [("to", state)], by: 0)
        }
        if sharedStore != nil {
            for state in ["degraded", "healthy"] {
                metrics.increment(FailoverBucketStore.transitionsMetric, dimensions: [("to", state)], by: 0)
            }
        }
        for client in configuration.clients {
            metrics.increment("so_gateway_rate_limited_total", dimensions: [("client", client.name), ("reason", "rate")], by: 0)
        }
    }
}
