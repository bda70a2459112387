import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A recording OTLP/HTTP collector on a loopback port: keeps every POST to `/v1/traces` and answers as a collector
/// does (200 with an empty response). Spans are read from OTLP/JSON bodies (the gateway under test is told
/// `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/json`).
final class OTLPReceiver: Sendable {
    /// One span as the tests look at it; ids in lowercase hex.
    struct ReceivedSpan: Sendable {
        var name: String
        var traceId: String
        var spanId: String
        var parentSpanId: String
        var traceState: String
        /// 1 internal, 2 server, 3 client.
        var kind: Int
        var attributes: [String: String]
        var serviceName: String?
    }

    private let channel: any Channel
    private let bodies = NIOLockedValueBox([(path: String, contentType: String, body: Data)]())

    var port: Int { channel.localAddress?.port ?? 0 }

    init() async throws {
        let bodies = self.bodies
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(Recorder(bodies: bodies))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    func stop() async {
        try? await channel.close()
    }

    var posts: [(path: String, contentType: String, body: Data)] { bodies.withLockedValue { $0 } }

    /// Every span received so far.
    var spans: [ReceivedSpan] {
        posts.flatMap { post -> [ReceivedSpan] in
            guard let root = try? JSONSerialization.jsonObject(with: post.body) as? [String: Any] else { return [] }
            var found = [ReceivedSpan]()
            for resourceSpans in root["resourceSpans"] as? [[String: Any]] ?? [] {
                let resource = Self.attributes((resourceSpans["resource"] as? [String: Any])?["attributes"])
                for scope in resourceSpans["scopeSpans"] as? [[String: Any]] ?? [] {
                    for span in scope["spans"] as? [[String: Any]] ?? [] {
                        found.append(ReceivedSpan(
                            name: span["name"] as? String ?? "",
                            traceId: Self.hex(span["traceId"]), spanId: Self.hex(span["spanId"]),
                            parentSpanId: Self.hex(span["parentSpanId"]), traceState: span["traceState"] as? String ?? "",
                            kind: Self.int(span["kind"]), attributes: Self.attributes(span["attributes"]),
                            serviceName: resource["service.name"]
                        ))
                    }
                }
            }
            return found
        }
    }

    /// Waits until `condition` holds for the spans received, or the deadline passes.
    func waitForSpans(timeout: Duration = .seconds(20), _ condition: ([ReceivedSpan]) -> Bool) async throws -> [ReceivedSpan] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let current = spans
            if condition(current) { return current }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        return spans
    }

    /// OTLP/JSON ids are hex by the spec; protobuf's JSON mapping writes bytes as base64. Both become hex.
    static func hex(_ value: Any?) -> String {
        guard let text = value as? String, !text.isEmpty else { return "" }
        if (text.count == 32 || text.count == 16), text.allSatisfy(\.isHexDigit) { return text.lowercased() }
        guard let data = Data(base64Encoded: text) else { return text }
        return data.map { String(format: "%02x", $0) }.joined()
    }

    static func int(_ value: Any?) -> Int {
        if let number = value as? Int { return number }
        if let text = value as? String { return Int(text) ?? 0 }
        return 0
    }

    static func attributes(_ value: Any?) -> [String: String] {
        var result = [String: String]()
        for attribute in value as? [[String: Any]] ?? [] {
            guard let key = attribute["key"] as? String, let wrapped = attribute["value"] as? [String: Any], let first = wrapped.first
            else { continue }
            result[key] = "\(first.value)"
        }
        return result
    }

    private final class Recorder: ChannelInboundHandler, Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let bodies: NIOLockedValueBox<[(path: String, contentType: String, body: Data)]>
        private let current = NIOLockedValueBox<(head: HTTPRequestHead, body: Data)?>(nil)

        init(bodies: NIOLockedValueBox<[(path: String, contentType: String, body: Data)]>) {
            self.bodies = bodies
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                current.withLockedValue { $0 = (head, Data()) }
            case .body(let buffer):
                current.withLockedValue { $0?.body.append(contentsOf: buffer.readableBytesView) }
            case .end:
                guard let request = current.withLockedValue({ $0 }) else { return }
                bodies.withLockedValue {
                    $0.append((request.head.uri, request.head.headers.first(name: "Content-Type") ?? "", request.body))
                }
                let json = request.head.headers.first(name: "Content-Type") == "application/json"
                let body = ByteBuffer(string: json ? "{}" : "")
                var headers = HTTPHeaders()
                headers.add(name: "Content-Type", value: json ? "application/json" : "application/x-protobuf")
                headers.add(name: "Content-Length", value: String(body.readableBytes))
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}
