import GatewayConfig
/// Maps key digests to clients; built once per configuration load and never mutated.
public struct ClientKeyTable: Sendable {
    private let byDigest: [KeyDigest: ClientPrincipal]

    public init(_ clients: [ClientPrincipal]) {
        var table = [KeyDigest: ClientPrincipal]()
        for client in clients {
            for hex in client.config.apiKeysSHA256 {
                if let digest = KeyDigest(hex: hex) {
                    table[digest] = client
                }
            }
        }
        self.byDigest = table
    }

    /// The client owning a presented key, or nil.
    public func client(forKey key: Substring) -> ClientPrincipal? {
        byDigest[KeyDigest(hashing: key.utf8)]
    }

    public var isEmpty: Bool { byDigest.isEmpty }
}
