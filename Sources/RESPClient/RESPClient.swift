import GatewayClock
import NIOCore

/// A small RESP2 Redis client on NIO: exactly what the shared rate limiter needs (commands, pipelining,
/// `EVALSHA` with fallback, `PING`), with bounded timeouts and automatic reconnects.
///
/// It keeps one connection per event loop of `group`, opened on first use. A caller that passes one of
/// those loops is served by that loop's connection without any hop or lock, and its futures complete on
/// that loop. Another loop (or none) is served by a connection of `group` and the future is hopped back.
public final class RESPClient: Sendable {
    /// Where the client connects and its limits.
    public let configuration: RESPClientConfiguration
    private let group: any EventLoopGroup
    private let slots: [ObjectIdentifier: RESPConnectionSlot]
    /// Serves callers whose loop is not one of `group`'s, if `group.next()` is somehow unknown.
    private let fallbackSlot: RESPConnectionSlot

    /// Creates a client; nothing connects until the first command.
    public init(configuration: RESPClientConfiguration, group: any EventLoopGroup) {
        self.configuration = configuration
        self.group = group
        var slots = [ObjectIdentifier: RESPConnectionSlot]()
        for loop in group.makeIterator() {
            slots[ObjectIdentifier(loop)] = RESPConnectionSlot(eventLoop: loop, configuration: configuration)
        }
        let first = group.next()
        if let known = slots[ObjectIdentifier(first)] {
            self.fallbackSlot = known
        } else {
            let made = RESPConnectionSlot(eventLoop: first, configuration: configuration)
            slots[ObjectIdentifier(first)] = made
            self.fallbackSlot = made
        }
        self.slots = slots
    }

    /// Sends one command (e.g. `["SET", "k", "v"]`) and returns its reply.
    ///
    /// An error reply fails the future with `RESPError.server`. The future fails with `.timeout` if no reply
    /// came within `timeout` (default: `configuration.defaultCommandTimeout`), and then the connection is
    /// closed and every command on it fails.
    /// - Parameter eventLoop: the loop the future completes on (the caller's); `nil` for any.
    public func send(_ command: [String], timeout: TimeAmount? = nil, on eventLoop: (any EventLoop)? = nil) -> EventLoopFuture<RESPValue> {
        send(arguments: command.map(RESPArgument.text), timeout: timeout, on: eventLoop)
    }

    /// Sends one command whose arguments may be raw bytes (binary-safe values), as `send(_:timeout:on:)`.
    public func send(arguments command: [RESPArgument], timeout: TimeAmount? = nil, on eventLoop: (any EventLoop)? = nil) -> EventLoopFuture<RESPValue> {
        let slot = slot(for: eventLoop)
        let future = send(command, deadline: deadline(timeout), slot: slot)
        return eventLoop.map { future.hop(to: $0) } ?? future
    }

    /// Writes all `commands`, flushes once, and returns their replies in order.
    ///
    /// Error replies stay in the result as `.error` values; only a timeout or a lost connection fails
    /// the future. `timeout` bounds the whole batch.
    public func pipeline(_ commands: [[String]], timeout: TimeAmount? = nil, on eventLoop: (any EventLoop)? = nil) -> EventLoopFuture<[RESPValue]> {
        pipeline(arguments: commands.map { $0.map(RESPArgument.text) }, timeout: timeout, on: eventLoop)
    }

    /// Pipelines commands whose arguments may be raw bytes, as `pipeline(_:timeout:on:)`.
    public func pipeline(arguments commands: [[RESPArgument]], timeout: TimeAmount? = nil, on eventLoop: (any EventLoop)? = nil) -> EventLoopFuture<[RESPValue]> {
        let slot = slot(for: eventLoop)
        let loop = slot.eventLoop
        guard !commands.isEmpty else { return (eventLoop ?? loop).makeSucceededFuture([]) }
        let requests = commands.map { command in
            RESPRequest(command: command, promise: loop.makePromise(of: RESPValue.self), errorsAsFailures: false)
        }
        let all = EventLoopFuture.whenAllSucceed(requests.map(\.promise.futureResult), on: loop)
        slot.run(requests, deadline: deadline(timeout), completion: all)
        return eventLoop.map { all.hop(to: $0) } ?? all
    }

    /// Runs a Lua script by its SHA-1 (`EVALSHA`); if Redis answers `NOSCRIPT` (first use, restart,
    /// `SCRIPT FLUSH`), sends the source once with `EVAL`, which also caches it for later calls.
    ///
    /// `timeout` bounds both attempts together.
    public func evalScript(
        _ script: RESPScript, keys: [String], args: [String], timeout: TimeAmount? = nil, on eventLoop: (any EventLoop)? = nil
    ) -> EventLoopFuture<RESPValue> {
        evalScript(script, keys: keys, arguments: args.map(RESPArgument.text), timeout: timeout, on: eventLoop)
    }

    /// Runs a Lua script whose arguments may be raw bytes, as `evalScript(_:keys:args:timeout:on:)`.
    public func evalScript(
        _ script: RESPScript, keys: [String], arguments args: [RESPArgument], timeout: TimeAmount? = nil, on eventLoop: (any EventLoop)? = nil
    ) -> EventLoopFuture<RESPValue> {
        let slot = slot(for: eventLoop)
        let deadline = deadline(timeout)
        let tail = [RESPArgument.text(String(keys.count))] + keys.map(RESPArgument.text) + args
        let future = send([.text("EVALSHA"), .text(script.sha1)] + tail, deadline: deadline, slot: slot).flatMapError { error in
            guard case RESPError.server(let message) = error, message.hasPrefix("NOSCRIPT") else {
                return slot.eventLoop.makeFailedFuture(error)
            }
            return self.send([.text("EVAL"), .text(script.source)] + tail, deadline: deadline, slot: slot)
        }
        return eventLoop.map { future.hop(to: $0) } ?? future
    }

    /// Sends `PING` and succeeds when Redis answers `PONG` (for readiness checks and store probes).
    public func ping(timeout: TimeAmount? = nil, on eventLoop: (any EventLoop)? = nil) -> EventLoopFuture<Void> {
        send(["PING"], timeout: timeout, on: eventLoop).flatMapThrowing { reply in
            guard reply == .simpleString("PONG") else {
                throw RESPError.protocolError("PING answered with something other than PONG")
            }
        }
    }

    /// Closes every connection; commands still waiting, and any sent later, fail with `connectionClosed`.
    /// Call before shutting down the event loop group.
    public func shutdown() async {
        var seen = Set<ObjectIdentifier>()
        for slot in slots.values where seen.insert(ObjectIdentifier(slot)).inserted {
            try? await slot.shutdown().get()
        }
    }

    private func send(_ command: [RESPArgument], deadline: NIODeadline, slot: RESPConnectionSlot) -> EventLoopFuture<RESPValue> {
        let promise = slot.eventLoop.makePromise(of: RESPValue.self)
        slot.run(
            [RESPRequest(command: command, promise: promise, errorsAsFailures: true)],
            deadline: deadline, completion: promise.futureResult
        )
        return promise.futureResult
    }

    private func slot(for eventLoop: (any EventLoop)?) -> RESPConnectionSlot {
        if let eventLoop, let slot = slots[ObjectIdentifier(eventLoop)] { return slot }
        return slots[ObjectIdentifier(group.next())] ?? fallbackSlot
    }

    private func deadline(_ timeout: TimeAmount?) -> NIODeadline {
        configuration.clock.now() + (timeout ?? configuration.defaultCommandTimeout)
    }
}
