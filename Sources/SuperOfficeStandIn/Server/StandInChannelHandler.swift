#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOHTTP1

/// One connection's HTTP/1.1 handler: collects the whole request body, asks the core for a plan, and executes it
/// (write, delayed write, reset, or cut the body short). Touched only on its channel's event loop.
final class StandInChannelHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let core: StandInCore
    private let localPort: Int
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var bodyTooLarge = false

    init(core: StandInCore, localPort: Int) {
        self.core = core
        self.localPort = localPort
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = []
            bodyTooLarge = false
        case .body(let buffer):
            if body.count + buffer.readableBytes > core.configuration.maxRequestBodyBytes {
                bodyTooLarge = true
            } else {
                body.append(contentsOf: buffer.readableBytesView)
            }
        case .end:
            guard let requestHead = head else { return }
            head = nil
            requestComplete(requestHead, context: context)
        }
    }

    private func requestComplete(_ requestHead: HTTPRequestHead, context: ChannelHandlerContext) {
        let keepAlive = requestHead.isKeepAlive && !bodyTooLarge
        let isHead = requestHead.method == .HEAD
        if bodyTooLarge {
            let response = SuperOfficeErrorBody.aspNetMessage(.payloadTooLarge, "The request body is too large.")
            write(response, version: requestHead.version, keepAlive: false, omitBody: isHead, context: context)
            return
        }
        let uri = requestHead.uri
        let questionMark = uri.firstIndex(of: "?")
        let request = StandInRequest(
            method: requestHead.method,
            path: questionMark.map { String(uri[..<$0]) } ?? uri,
            query: questionMark.map { String(uri[uri.index(after: $0)...]) },
            headers: requestHead.headers, body: body, version: requestHead.version
        )
        body = []
        let remote = context.channel.remoteAddress.flatMap { address in
            address.ipAddress.map { "\($0):\(address.port ?? 0)" }
        }
        switch core.plan(for: request, remoteAddress: remote, localPort: localPort) {
        case .respond(let response, let delay, let gate):
            let send = {
                if let delay {
                    context.eventLoop.assumeIsolated().scheduleTask(in: delay) {
                        self.write(response, version: requestHead.version, keepAlive: keepAlive, omitBody: isHead, context: context)
                    }
                } else {
                    self.write(response, version: requestHead.version, keepAlive: keepAlive, omitBody: isHead, context: context)
                }
            }
            if let gate {
                gate.hold(on: context.eventLoop).assumeIsolated().whenComplete { _ in send() }
            } else {
                send()
            }
        case .resetBeforeResponse:
            reset(context: context)
        case .resetMidBody(let response):
            var responseHead = HTTPResponseHead(version: requestHead.version, status: response.status, headers: response.headers)
            responseHead.headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
            context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
            let half = ByteBuffer(bytes: response.body.prefix(response.body.count / 2))
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(half)))).assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
        }
    }

    private func write(
        _ response: StandInResponse, version: HTTPVersion, keepAlive: Bool, omitBody: Bool, context: ChannelHandlerContext
    ) {
        guard context.channel.isActive else { return }
        var responseHead = HTTPResponseHead(version: version, status: response.status, headers: response.headers)
        let bodyless = response.status == .noContent || response.status == .notModified
        if !bodyless {
            responseHead.headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
        }
        if !keepAlive {
            responseHead.headers.replaceOrAdd(name: "Connection", value: "close")
        }
        context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
        if !bodyless, !omitBody, !response.body.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.body)))), promise: nil)
        }
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            written.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }

    /// Closes with SO_LINGER 0 so the peer sees a TCP reset rather than an orderly end.
    private func reset(context: ChannelHandlerContext) {
        guard let provider = context.channel as? any SocketOptionProvider else {
            context.close(promise: nil)
            return
        }
        provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
