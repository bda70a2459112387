/// A separate listener for health, readiness and metrics, so operations traffic never shares the public port.
public struct AdminConfig: Sendable, Equatable {
    /// Where the admin endpoints listen (plain HTTP only).
    public var listen: ListenConfig
    /// Hashes of keys allowed to call protected admin endpoints; never shared with a client.
    public var apiKeysSHA256: [String]

    /// Creates admin settings.
    public init(listen: ListenConfig, apiKeysSHA256: [String] = []) {
        self.listen = listen
        self.apiKeysSHA256 = apiKeysSHA256
    }
}

extension AdminConfig {
    /// Reads `{ listen, api_keys_sha256 }`.
    static func read(from block: MappingReader) -> AdminConfig? {
        let listen = block.requiredMapping("listen").map { ListenConfig.read(from: $0, allowTLS: false) }
        let hashes = KeyHashList.read("api_keys_sha256", from: block, clientList: false)?.map(\.sha256)
        block.finish()
        guard let listen else { return nil }
        return AdminConfig(listen: listen, apiKeysSHA256: hashes ?? [])
    }
}
