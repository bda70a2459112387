import GatewayConfig
import NIOHTTP1
import Testing
@testable import SOGateway

/// Which address a request is judged by: the peer, or X-Forwarded-For only behind a trusted proxy.
@Suite("Policy client address")
struct ClientAddressTests {
    let proxies = [CIDR("127.0.0.0/8"), CIDR("10.0.0.0/8"), CIDR("fd00::/8")].compactMap { $0 }

    func effective(peer: String?, _ forwarded: [String], trusted: [CIDR]? = nil) -> String? {
        let headers = HTTPHeaders(forwarded.map { ("X-Forwarded-For", $0) })
        return ClientAddress.effective(peer: peer.flatMap { IPAddressBytes($0) }, headers: headers, trustedProxies: trusted ?? proxies)?.description
    }

    @Test("X-Forwarded-For from a peer that is not a trusted proxy is ignored")
    func untrustedPeer() {
        #expect(effective(peer: "203.0.113.9", ["198.51.100.1"]) == "203.0.113.9")
        #expect(effective(peer: "127.0.0.1", ["198.51.100.1"], trusted: []) == "127.0.0.1")
    }

    @Test("Behind a trusted proxy the right-most entry that is not a trusted proxy is the client")
    func rightMostUntrusted() {
        #expect(effective(peer: "127.0.0.1", ["198.51.100.1"]) == "198.51.100.1")
        #expect(effective(peer: "127.0.0.1", ["198.51.100.1, 10.1.1.1"]) == "198.51.100.1")
        #expect(effective(peer: "127.0.0.1", ["6.6.6.6, 198.51.100.1"]) == "198.51.100.1")
        #expect(effective(peer: "127.0.0.1", ["6.6.6.6", "198.51.100.1,10.2.2.2"]) == "198.51.100.1")
        #expect(effective(peer: "127.0.0.1", []) == "127.0.0.1")
        #expect(effective(peer: "127.0.0.1", ["10.3.3.3, 10.1.1.1"]) == "10.3.3.3")
    }

    @Test("A malformed forwarded entry makes the address unknown instead of guessing")
    func malformed() {
        #expect(effective(peer: "127.0.0.1", ["unknown"]) == nil)
        #expect(effective(peer: "127.0.0.1", ["198.51.100.1, garbage"]) == nil)
        #expect(effective(peer: nil, []) == nil)
    }

    @Test("IPv6 peers and entries, and IPv4-mapped peers, are understood")
    func ipv6() {
        #expect(effective(peer: "fd00::1", ["2001:db8::7"]) == "2001:db8:0:0:0:0:0:7")
        #expect(effective(peer: "::ffff:127.0.0.1", ["[2001:db8::8]"]) == "2001:db8:0:0:0:0:0:8")
        #expect(effective(peer: "::ffff:203.0.113.9", ["198.51.100.1"]) == "203.0.113.9")
    }
}
