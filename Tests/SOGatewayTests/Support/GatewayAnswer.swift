import NIOCore
import NIOHTTP1

/// What a gateway (or its admin listener) answered, as the tests' own client received it. The body is the
/// bytes on the wire: nothing is decompressed, so tests see gzip and `Content-Encoding` as the gateway sent them.
struct GatewayAnswer: Sendable {
    var status: HTTPResponseStatus
    var headers: HTTPHeaders
    var body: ByteBuffer

    /// The body as UTF-8 text.
    var text: String { String(buffer: body) }

    /// The first value of header `name`, if any.
    func header(_ name: String) -> String? { headers.first(name: name) }
}
