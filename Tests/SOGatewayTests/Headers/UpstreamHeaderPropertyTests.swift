import GatewayConfig
import NIOCore
import NIOHTTP1
import NIOPosix
import PropertyBased
@testable import SOGateway
import Testing

/// Property-based fuzzing of header rewriting: whatever mix, order and spelling of headers a partner sends
/// (within what the HTTP parser lets through), no partner credential, cookie, app token or hop-by-hop header
/// reaches upstream, nothing named by `Connection` does either, and no CR, LF or NUL is ever emitted.
@Suite("Upstream header properties")
struct UpstreamHeaderPropertyTests {
    /// Headers that must never be forwarded as the partner sent them.
    static let forbidden = [
        "Authorization", "X-API-Key", "Cookie", "X-XSRF-TOKEN", "SO-AppToken", "Host", "Content-Length", "Connection",
        "Keep-Alive", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Proxy-Authorization", "Proxy-Connection",
        "Proxy-Anything", "X-Forwarded-Proto", "X-Forwarded-Host", "Forwarded", "X-Request-Id", "Accept-Encoding", "Expect",
    ]
    static let benign = ["Accept", "Content-Type", "X-Custom", "X-Trace", "If-None-Match", "User-Agent", "X-Partner-Hop"]

    /// What may never appear upstream at all; the gateway's own SO-AppToken, X-Request-Id, X-Forwarded-Proto
    /// and Accept-Encoding are checked by value instead.
    static let neverForwarded: Set<String> = [
        "authorization", "x-api-key", "cookie", "x-xsrf-token", "host", "content-length", "connection", "keep-alive", "te",
        "trailer", "transfer-encoding", "upgrade", "forwarded", "x-forwarded-host", "expect",
    ]
    static let allNames = forbidden + benign
    /// A header name from either list, in random letter case.
    static let names = zip(Gen.int(in: 0...(allNames.count - 1)), Gen.uint64())
        .map { index, caseBits -> String in
            String(allNames[index].enumerated().map { offset, char in
                (caseBits >> UInt64(offset % 64)) & 1 == 1 ? Character(char.uppercased()) : Character(char.lowercased())
            })
        }
    /// Field values the HTTP/1 parser can deliver: visible ASCII, space and tab (never CR, LF or NUL).
    static let valueBytes: [UInt8] = Array(0x20...0x7E) + [0x09]
    static let values = Gen.int(in: 0...(valueBytes.count - 1)).map { valueBytes[$0] }.array(of: 0...24)
        .map { String(decoding: $0, as: UTF8.self) }

    static let stage = UpstreamHeaderStage(
        upstream: UpstreamConfig(
            target: .url(UpstreamURL(scheme: "http", host: "127.0.0.1", port: 1, basePath: "/Cust1")),
            appToken: "gateway-app-token", timeZone: "UTC", language: "en"
        )
    )

    @Test("No partner credential, cookie, hop-by-hop or Connection-named header is forwarded; no CR, LF or NUL is emitted")
    func neverForwardsForbidden() async throws {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let headers = zip(Self.names, Self.values).array(of: 0...30)
        let connectionNames = Gen.int(in: 0...(Self.benign.count - 1)).map { Self.benign[$0] }.array(of: 0...3)
        await propertyCheck(count: 2000, input: headers, connectionNames) { pairs, hopNames in
            var incoming = HTTPHeaders()
            for (name, value) in pairs {
                incoming.add(name: name, value: value)
            }
            if !hopNames.isEmpty {
                incoming.add(name: "Connection", value: hopNames.joined(separator: ", "))
            }
            let request = GatewayRequest(
                head: HTTPRequestHead(version: .http1_1, method: .GET, uri: "/api/v1/Contact/1", headers: incoming), body: nil,
                requestId: "req-1", remoteAddress: "192.0.2.1", isTLS: false, receivedAt: .now(), eventLoop: loop
            )
            let out = Self.stage.upstreamHeaders(for: request)
            let hopByHop = Set(hopNames.map { $0.lowercased() })
            for (name, value) in out {
                let lower = name.lowercased()
                let neverForwarded = Self.neverForwarded.contains(lower) || lower.hasPrefix("proxy-")
                #expect(!neverForwarded, "\(name) forwarded")
                let namedByConnection = hopByHop.contains(lower)
                #expect(!namedByConnection, "\(name) is named by Connection and was forwarded")
                let controlBytes = (name + value).utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }
                #expect(!controlBytes)
            }
            #expect(out["SO-AppToken"] == ["gateway-app-token"])
            #expect(out["X-Request-Id"] == ["req-1"])
            #expect(out["X-Forwarded-Proto"] == ["http"])
            #expect(out["Accept-Encoding"] == ["gzip"])
        }
    }
}
