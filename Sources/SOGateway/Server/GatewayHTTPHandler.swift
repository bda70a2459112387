import GatewayConfig
import NIOCore
import NIOHTTP1

/// Turns HTTP/1 parts into whole requests within the listener's limits, runs them through the stage
/// chain, and writes the answers back in order.
///
/// Pipelined requests are buffered here (bounded) and served one after another, instead of using NIO's
/// `HTTPServerPipelineHandler`: that handler toggles `autoRead` around every request, which costs two
/// `epoll_ctl` system calls per request on the hot path. Quiescing (graceful shutdown) is handled here too.
///
/// Everything here runs on the connection's event loop; the only hand-off is the chain's future, which
/// completes on the same loop.
final class GatewayHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private struct Pending {
        var head: HTTPRequestHead
        var body: ByteBuffer?
        var requestId: String
        var receivedAt: NIODeadline
        var snapshot: GatewaySnapshot
        /// The body limit for this request: `limits.max_body`, or the presenting client's own `max_body`.
        var maxBody: Int
    }

    private enum State {
        case idle
        case receiving(Pending)
        case dispatched
        /// An error answer was sent; the connection closes once it is written.
        case rejecting
    }

    private let source: SnapshotSource
    private let isTLS: Bool
    /// The connection's timeout guard (HTTP/1 only; HTTP/2 streams have none of their own).
    private let deadlines: ConnectionDeadlineHandler?
    private var state = State.idle
    private var remoteAddress: String?
    /// `remoteAddress` parsed once per connection, not per request.
    private var peerAddress: IPAddressBytes?
    /// Parts of pipelined requests that arrived while an earlier request was being answered.
    private var pipelined = CircularBuffer<HTTPServerRequestPart>()
    private var pipelinedBytes = 0
    /// Set by a graceful shutdown: answer what is in flight, then close.
    private var quiescing = false

    init(source: SnapshotSource, isTLS: Bool, deadlines: ConnectionDeadlineHandler? = nil) {
        self.source = source
        self.isTLS = isTLS
        self.deadlines = deadlines
    }

    func handlerAdded(context: ChannelHandlerContext) {
        remoteAddress = context.channel.remoteAddress?.ipAddress
        peerAddress = remoteAddress.flatMap { IPAddressBytes($0) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch state {
        case .dispatched:
            buffer(part, context: context)
        case .rejecting:
            return
        case .idle, .receiving:
            process(part, context: context)
        }
    }

    /// Keeps a pipelined request's parts until the current answer is written; a client that pipelines
    /// more than one maximal request's worth of bytes (at `limits.max_body`, whatever its own `max_body`)
    /// is cut off.
    private func buffer(_ part: HTTPServerRequestPart, context: ChannelHandlerContext) {
        if case .body(let chunk) = part {
            pipelinedBytes += chunk.readableBytes
        } else {
            pipelinedBytes += 256
        }
        let limits = source.current(on: context.eventLoop).limits
        guard pipelinedBytes <= limits.maxBody + limits.maxHeaderBytes * 2 else {
            context.close(promise: nil)
            return
        }
        pipelined.append(part)
    }

    /// Serves buffered pipelined parts once the connection is idle again.
    private func drainPipelined(context: ChannelHandlerContext) {
        while isReading, let part = pipelined.popFirst() {
            process(part, context: context)
        }
        if pipelined.isEmpty { pipelinedBytes = 0 }
    }

    /// True while the handler is between requests or receiving one (not answering one).
    private var isReading: Bool {
        switch state {
        case .idle, .receiving: return true
        case .dispatched, .rejecting: return false
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is ChannelShouldQuiesceEvent else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        quiescing = true
        if case .idle = state, pipelined.isEmpty {
            context.close(promise: nil)
        }
    }

    private func process(_ part: HTTPServerRequestPart, context: ChannelHandlerContext) {
        switch part {
        case .head(let head):
            received(head: head, context: context)
        case .body(let chunk):
            received(chunk: chunk, context: context)
        case .end:
            guard case .receiving(let pending) = state else { return }
            dispatch(pending, context: context)
        }
    }

    private func received(head: HTTPRequestHead, context: ChannelHandlerContext) {
        guard case .idle = state else { return }
        deadlines?.progress(.headReceived)
        let snapshot = source.current(on: context.eventLoop)
        let limits = snapshot.limits
        let requestId = RequestID.choose(from: head.headers)
        let pending = Pending(
            head: head, body: nil, requestId: requestId, receivedAt: context.eventLoop.now, snapshot: snapshot, maxBody: snapshot.bodyLimit(head.headers)
        )
        if head.uri.utf8.count > limits.maxTargetLength {
            return reject(.uriTooLong(limit: limits.maxTargetLength), pending: pending, context: context)
        }
        if head.headers.count > limits.maxHeaderCount {
            return reject(.headersTooLarge(), pending: pending, context: context)
        }
        let transferEncodings = head.headers["Transfer-Encoding"]
        let contentLengths = head.headers["Content-Length"]
        if !transferEncodings.isEmpty {
            // Only plain `chunked` is accepted, and never together with Content-Length (request smuggling).
            let codings = transferEncodings.flatMap { $0.split(separator: ",") }.map { $0.trimmingSpaces().lowercased() }
            if codings != ["chunked"] || !contentLengths.isEmpty {
                return reject(.badRequest(detail: "Unsupported or ambiguous Transfer-Encoding."), pending: pending, context: context)
            }
        }
        if contentLengths.count > 1 && Set(contentLengths).count > 1 {
            return reject(.badRequest(detail: "Conflicting Content-Length headers."), pending: pending, context: context)
        }
        if let length = contentLengths.first.flatMap({ Int($0.trimmingSpaces()) }), length > pending.maxBody {
            return reject(.payloadTooLarge(limit: pending.maxBody), pending: pending, context: context)
        }
        if let expect = head.headers.first(name: "Expect") {
            guard expect.lowercased() == "100-continue" else {
                return reject(.expectationFailed(), pending: pending, context: context)
            }
            context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .continue))), promise: nil)
        }
        state = .receiving(pending)
    }

    private func received(chunk: ByteBuffer, context: ChannelHandlerContext) {
        guard case .receiving(var pending) = state else { return }
        let size = (pending.body?.readableBytes ?? 0) + chunk.readableBytes
        if size > pending.maxBody {
            return reject(.payloadTooLarge(limit: pending.maxBody), pending: pending, context: context)
        }
        state = .dispatched  // drop the reference held by `state` so the body buffer is uniquely owned
        if pending.body == nil {
            pending.body = chunk
        } else {
            var chunk = chunk
            pending.body?.writeBuffer(&chunk)
        }
        state = .receiving(pending)
    }

    private func dispatch(_ pending: Pending, context: ChannelHandlerContext) {
        state = .dispatched
        deadlines?.progress(.requestReceived)
        let request = GatewayRequest(
            head: pending.head, body: pending.body, requestId: pending.requestId, remoteAddress: remoteAddress,
            peerAddress: peerAddress, isTLS: isTLS, receivedAt: pending.receivedAt, eventLoop: context.eventLoop
        )
        let answer = pending.snapshot.chain.run(request)
        let isolated = answer.hop(to: context.eventLoop).assumeIsolated()
        isolated.whenComplete { result in
            let response: GatewayResponse
            switch result {
            case .success(let value):
                response = value
            case .failure:
                response = Problem.internalError(detail: "The gateway failed to process the request.")
                    .response(requestId: pending.requestId)
            }
            self.write(response, for: pending, closeAfter: false, context: context, facts: request.facts)
        }
    }

    private func reject(_ problem: Problem, pending: Pending, context: ChannelHandlerContext) {
        state = .rejecting
        write(problem.response(requestId: pending.requestId), for: pending, closeAfter: true, context: context)
    }

    private func write(
        _ response: GatewayResponse, for pending: Pending, closeAfter: Bool, context: ChannelHandlerContext, facts: RequestFacts? = nil
    ) {
        guard context.channel.isActive else {
            state = .idle
            return
        }
        let head = pending.head
        var headers = response.headers
        let isHead = head.method == .HEAD
        let bodyless = response.status == .noContent || response.status == .notModified || response.status.code < 200
        let upstreamLength = headers.first(name: "Content-Length")
        headers.remove(name: "Content-Length")
        headers.remove(name: "Transfer-Encoding")
        let body = (isHead || bodyless) ? nil : response.body
        let bodyBytes = body?.readableBytes ?? 0
        if !bodyless {
            if isHead, let upstreamLength {
                headers.add(name: "Content-Length", value: upstreamLength)
            } else {
                headers.add(name: "Content-Length", value: String(isHead ? (response.body?.readableBytes ?? 0) : bodyBytes))
            }
        }
        headers.replaceOrAdd(name: "X-Request-Id", value: pending.requestId)
        if let decision = facts?.rateLimit {
            RateLimitHeaders.apply(decision, policy: "client", to: &headers)
        }
        let keepAlive = head.isKeepAlive && !closeAfter && !quiescing
        if !keepAlive {
            headers.replaceOrAdd(name: "Connection", value: "close")
        } else if head.version.major == 1 && head.version.minor == 0 {
            headers.replaceOrAdd(name: "Connection", value: "keep-alive")
        }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: response.status, headers: headers))), promise: nil)
        if let body, bodyBytes > 0 {
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        var annotations = response.annotations
        if annotations.upstreamDuration == nil { annotations.upstreamDuration = facts?.upstreamDuration }
        let completed = CompletedRequest(
            requestId: pending.requestId, method: head.method, target: head.uri, clientName: facts?.clientName,
            routeClass: facts?.routeClass ?? "none", status: response.status, bytesSent: bodyBytes,
            bytesReceived: pending.body?.readableBytes ?? 0, upstreamStatus: facts?.upstreamStatus, traceId: facts?.traceId,
            duration: context.eventLoop.now - pending.receivedAt, annotations: annotations
        )
        if keepAlive {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            state = .idle
            deadlines?.progress(.responseSent)
            pending.snapshot.observer.requestCompleted(completed)
            drainPipelined(context: context)
        } else {
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
                channel.close(promise: nil)
            }
            pending.snapshot.observer.requestCompleted(completed)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError else {
            context.close(promise: nil)
            return
        }
        switch state {
        case .idle, .receiving:
            let problem: Problem = parserError == .headerOverflow
                ? .headersTooLarge()
                : .badRequest(detail: "The request is not valid HTTP/1.1.")
            let pending = Pending(
                head: HTTPRequestHead(version: .http1_1, method: .GET, uri: "/"), body: nil,
                requestId: RequestID.generate(), receivedAt: context.eventLoop.now, snapshot: source.current(on: context.eventLoop), maxBody: 0
            )
            reject(problem, pending: pending, context: context)
        case .dispatched, .rejecting:
            context.close(promise: nil)
        }
    }
}
