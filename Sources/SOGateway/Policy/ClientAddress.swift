import GatewayConfig
import NIOHTTP1

/// The address a request really comes from: the TCP peer, unless the peer is a trusted proxy
/// (`listen.trusted_proxies`), in which case the right-most `X-Forwarded-For` entry that is not itself a
/// trusted proxy. A partner that is not a trusted proxy cannot choose its address by sending the header.
enum ClientAddress {
    /// - Returns: the effective address, or nil when it cannot be known (no peer address, or a forwarded
    ///   entry that is not an IP address), which a `source_ips` check treats as "not allowed".
    static func effective(peer: IPAddressBytes?, headers: HTTPHeaders, trustedProxies: [CIDR]) -> IPAddressBytes? {
        guard let peerAddress = peer else { return nil }
        guard isTrusted(peerAddress, trustedProxies) else { return peerAddress }
        var hops: [Substring] = []
        for value in headers["X-Forwarded-For"] {
            hops += value.split(separator: ",").map { $0.trimmingSpaces() }
        }
        var candidate = peerAddress
        for hop in hops.reversed() {
            guard let address = IPAddressBytes(hop) else { return nil }
            candidate = address
            if !isTrusted(address, trustedProxies) { return address }
        }
        // Every hop is a trusted proxy: the left-most one is as close to the client as can be known.
        return candidate
    }

    static func isTrusted(_ address: IPAddressBytes, _ trustedProxies: [CIDR]) -> Bool {
        trustedProxies.contains { $0.contains(address) }
    }
}
