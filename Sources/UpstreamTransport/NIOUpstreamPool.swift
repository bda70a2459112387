import NIOConcurrencyHelpers
import NIOCore
import NIOSSL

/// The gateway's HTTP/1.1 client toward SuperOffice: an event-loop-affine keep-alive connection pool on NIO.
///
/// ## Design
/// - **Affinity.** Every event loop has its own `LoopPool`, and within it one `EndpointPool` per endpoint: a LIFO
///   of idle keep-alive connections, the open count and a FIFO of waiting requests. A request runs on the caller's
///   event loop, over a connection owned by that loop, and its future completes there. The gateway calls
///   `execute` from a channel handler, so the hot path has no thread hop, no lock, no Swift `Task` and no
///   `flatMap` chain: one promise per request, bytes stay `ByteBuffer`s, a one-chunk body is never copied.
///   Calls from another thread hop once onto the requested loop.
/// - **Per-loop state is found without a lock.** The loops of the group given at `init` are known up front and
///   kept in an immutable dictionary of loop-bound boxes (which check the loop on every access). A loop from
///   another group gets its state lazily, behind a lock, off the hot path.
/// - **Timeouts.** One scheduled callback per loop fires at the earliest deadline of its unfinished requests,
///   instead of one NIO timer per request (cancelling those takes the loop's task lock and scans its timer heap).
///   Idle connections expire the same way: one callback per endpoint at the oldest idle connection's expiry.
/// - **Lean pipeline.** Each connection is [TLS] → wire → NIO's `HTTPResponseDecoder` → connection. The request is
///   serialized and validated in one pass into one buffer (small bodies inlined) and written by the wire handler;
///   only the request head travels through the decoder, which must see it to know that a HEAD response has no
///   body. Every `NIOAny` hop costs a dynamic cast, so NIO's encoder and header validator are left out.
/// - **Stale keep-alive race.** A reused connection that closes before any response byte arrived is replaced by
///   a fresh one once, for idempotent methods or when `retryOnStaleConnection` is set.
///
/// ## Why not AsyncHTTPClient
/// It is a general-purpose client: a shared pool state machine behind a lock, request and response delegates,
/// streaming bodies and event-loop selection that may hop threads. Measured on this machine it costs about
/// 60 µs of CPU per proxied request against nginx's 14 µs; a gateway that forwards complete requests and reads
/// complete responses on the loop that received them needs none of that.
///
/// Never logs; error messages carry no request data or secrets.
public final class NIOUpstreamPool: UpstreamTransport {
    private let configuration: UpstreamPoolConfiguration
    private let tlsContext: NIOSSLContext
    /// The group's loops, fixed at init: read without a lock.
    private let loopPools: [ObjectIdentifier: NIOLoopBoundBox<LoopPool>]
    /// Loops outside the group, created on first use, and whether `shutdown()` has begun.
    private let foreignLoopPools: NIOLockedValueBox<ForeignLoopPools>

    private struct ForeignLoopPools: Sendable {
        var pools: [ObjectIdentifier: NIOLoopBoundBox<LoopPool>] = [:]
        var isShutdown = false
    }

    /// Creates the pool; connections are opened lazily.
    ///
    /// - Parameters:
    ///   - group: The event loops requests will be executed on (usually the gateway server's group).
    ///   - configuration: Limits, timeouts and TLS files.
    /// - Throws: `UpstreamError.tlsFailure` when a TLS file cannot be loaded.
    public init(group: any EventLoopGroup, configuration: UpstreamPoolConfiguration = .init()) throws {
        var configuration = configuration
        configuration.maxConnectionsPerEventLoop = max(1, configuration.maxConnectionsPerEventLoop)
        self.configuration = configuration
        let tlsContext = try configuration.tls.makeClientContext()
        self.tlsContext = tlsContext
        var pools: [ObjectIdentifier: NIOLoopBoundBox<LoopPool>] = [:]
        for eventLoop in group.makeIterator() {
            pools[ObjectIdentifier(eventLoop)] = Self.makeLoopPool(eventLoop, configuration, tlsContext)
        }
        self.loopPools = pools
        self.foreignLoopPools = NIOLockedValueBox(ForeignLoopPools())
    }

    /// Sends `request` to `endpoint` on `eventLoop`; the future completes on `eventLoop`.
    public func execute(
        _ request: UpstreamRequest,
        to endpoint: UpstreamEndpoint,
        on eventLoop: any EventLoop
    ) -> EventLoopFuture<UpstreamResponse> {
        let promise = eventLoop.makePromise(of: UpstreamResponse.self)
        guard let box = self.loopPool(for: eventLoop) else {
            promise.fail(UpstreamError.shutdown)
            return promise.futureResult
        }
        if eventLoop.inEventLoop {
            box.value.execute(request, to: endpoint, promise: promise)
        } else {
            eventLoop.execute {
                box.value.execute(request, to: endpoint, promise: promise)
            }
        }
        return promise.futureResult
    }

    /// Closes all connections, fails queued and running requests with `.shutdown` and rejects new ones.
    public func shutdown() async {
        let boxes: [NIOLoopBoundBox<LoopPool>] = self.foreignLoopPools.withLockedValue { foreign in
            foreign.isShutdown = true
            return Array(self.loopPools.values) + Array(foreign.pools.values)
        }
        var closing: [EventLoopFuture<Void>] = []
        for box in boxes {
            let closed = box.eventLoop.flatSubmit {
                EventLoopFuture.andAllComplete(box.value.shutdown(), on: box.eventLoop)
            }
            closing.append(closed)
        }
        for future in closing {
            try? await future.get()
        }
    }

    private func loopPool(for eventLoop: any EventLoop) -> NIOLoopBoundBox<LoopPool>? {
        let id = ObjectIdentifier(eventLoop)
        if let box = self.loopPools[id] {
            return box
        }
        return self.foreignLoopPools.withLockedValue { foreign in
            if let box = foreign.pools[id] {
                return box
            }
            guard !foreign.isShutdown else { return nil }
            let box = Self.makeLoopPool(eventLoop, self.configuration, self.tlsContext)
            foreign.pools[id] = box
            return box
        }
    }

    private static func makeLoopPool(
        _ eventLoop: any EventLoop,
        _ configuration: UpstreamPoolConfiguration,
        _ tlsContext: NIOSSLContext
    ) -> NIOLoopBoundBox<LoopPool> {
        NIOLoopBoundBox.makeBoxSendingValue(
            LoopPool(eventLoop: eventLoop, configuration: configuration, tlsContext: tlsContext),
            eventLoop: eventLoop
        )
    }
}
