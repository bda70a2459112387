import Yams

extension GatewayConfiguration {
    /// Reads the whole document; `nil` when a required part is missing (problems are in `context`).
    static func read(from root: Node, context: ConfigReadContext) -> GatewayConfiguration? {
        guard case .mapping(let mapping) = root else {
            context.report(.root, "expected a mapping of settings at the top level")
            return nil
        }
        let block = MappingReader(mapping, at: .root, context: context)
        let listen = block.mapping("listen").map { ListenConfig.read(from: $0) } ?? ListenConfig()
        let upstreamBlock = block.requiredMapping("upstream")
        let upstream = upstreamBlock.flatMap(UpstreamConfig.read(from:))
        let clients = readClients(from: block)
        let limits = block.mapping("limits").map(LimitsConfig.read(from:)) ?? LimitsConfig()
        let cache = block.mapping("cache").map(CacheConfig.read(from:)) ?? CacheConfig()
        let compression = block.mapping("compression").map(CompressionConfig.read(from:)) ?? CompressionConfig()
        let rateLimit = block.mapping("rate_limit").map(RateLimitConfig.read(from:)) ?? RateLimitConfig()
        let admin = block.mapping("admin").flatMap(AdminConfig.read(from:))
        let logging = block.mapping("logging").map(LoggingConfig.read(from:)) ?? LoggingConfig()
        let shutdown = block.mapping("shutdown").map(ShutdownConfig.read(from:)) ?? ShutdownConfig()
        let tracingBlock = block.mapping("tracing")
        let tracing = tracingBlock.flatMap(TracingConfig.read(from:))
        // Top-level `x-` keys hold YAML anchors for reuse (as in Compose files); they configure nothing themselves.
        for entry in block.entries where entry.key.hasPrefix("x-") {
            _ = block.node(entry.key)
        }
        block.finish()

        let upstreamHasCredentials = upstreamBlock?.has("credentials") ?? false
        CrossChecks(context: context).run(
            clients: clients, upstreamHasCredentials: upstreamHasCredentials, admin: admin, listen: listen
        )
        guard let upstream, let clients, clients.allSatisfy({ $0.config != nil }), tracingBlock == nil || tracing != nil else { return nil }
        return GatewayConfiguration(
            listen: listen, upstream: upstream, clients: clients.compactMap(\.config), limits: limits, cache: cache,
            compression: compression, rateLimit: rateLimit, admin: admin, logging: logging, shutdown: shutdown,
            tracing: tracing
        )
    }

    /// Reads `clients`, keeping each element's path for cross checks; failed elements stay as `nil`.
    private static func readClients(from block: MappingReader) -> [(path: ConfigPath, config: ClientConfig?)]? {
        guard let node = block.requiredNode("clients"),
              let elements = block.context.sequence(node, at: block.path("clients"))
        else { return nil }
        if elements.isEmpty {
            block.context.report(block.path("clients"), "expected at least one client")
            return nil
        }
        return elements.map { element in
            (element.path, block.context.mapping(element.node, at: element.path).flatMap(ClientConfig.read(from:)))
        }
    }
}
