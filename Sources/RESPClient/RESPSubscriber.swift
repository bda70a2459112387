import NIOCore

/// Redis pub/sub on a connection of its own: subscribes to channels, delivers their messages, notices a lost
/// or silent server (heartbeat `PING`), and resubscribes by itself with exponential back-off.
///
/// Every event is delivered on `eventLoop`, in order. A subscriber reports `.subscribed` each time all its
/// channels are confirmed (after every reconnect) and `.unsubscribed` each time it stops hearing, so the owner
/// knows exactly when messages may have been missed.
public final class RESPSubscriber: Sendable {
    /// What the owner hears.
    public enum Event: Sendable, Equatable {
        /// Every channel is confirmed; messages flow from now on.
        case subscribed
        /// The subscription is lost (Redis down, silent, or the connection closed); messages may be missed
        /// until the next `.subscribed`. The reason never contains the password.
        case unsubscribed(reason: String)
        /// A message published on one of the channels.
        case message(channel: String, payload: ByteBuffer)
    }

    /// Timing of the heartbeat and the reconnects.
    public struct Timing: Sendable {
        /// How often a `PING` checks that the server still answers; no answer by the next one = lost.
        public var heartbeat: TimeAmount
        /// The first reconnect delay; it doubles on each failure, up to `maxBackoff`, and resets on success.
        public var minBackoff: TimeAmount
        /// The longest reconnect delay.
        public var maxBackoff: TimeAmount

        /// Creates timing; the defaults notice a dead server within about two seconds.
        public init(heartbeat: TimeAmount = .seconds(1), minBackoff: TimeAmount = .milliseconds(100), maxBackoff: TimeAmount = .seconds(5)) {
            self.heartbeat = heartbeat
            self.minBackoff = minBackoff
            self.maxBackoff = maxBackoff
        }

        /// The delay before reconnect attempt number `failures` (1-based).
        func backoff(afterFailures failures: Int) -> TimeAmount {
            var delay = minBackoff
            for _ in 1..<max(failures, 1) {
                delay = delay * 2
                if delay >= maxBackoff { return maxBackoff }
            }
            return min(delay, maxBackoff)
        }
    }

    private enum Phase {
        case idle
        case connecting
        case subscribing(RESPSubscriberHandler, any Channel, confirmed: Set<String>)
        case subscribed(RESPSubscriberHandler, any Channel)
        case waiting
        case shutdown
    }

    private struct State {
        var phase = Phase.idle
        /// Advances on every attempt and teardown, so callbacks of an abandoned attempt are ignored.
        var generation: UInt64 = 0
        var failures = 0
        var awaitingPong = false
        var timer: Scheduled<Void>?
    }

    /// The loop every event is delivered on.
    public let eventLoop: any EventLoop
    private let configuration: RESPClientConfiguration
    private let channels: [String]
    private let timing: Timing
    private let onEvent: @Sendable (Event) -> Void
    private let state: NIOLoopBoundBox<State>

    /// Creates a subscriber; nothing connects until `start()`.
    /// - Parameters:
    ///   - configuration: where Redis is (its connect timeout also bounds the SUBSCRIBE confirmation).
    ///   - channels: the channels to subscribe to.
    ///   - eventLoop: the loop the connection lives on and events are delivered on.
    ///   - timing: heartbeat and back-off.
    ///   - onEvent: called on `eventLoop` for every event.
    public init(
        configuration: RESPClientConfiguration, channels: [String], eventLoop: any EventLoop, timing: Timing = Timing(),
        onEvent: @escaping @Sendable (Event) -> Void
    ) {
        self.configuration = configuration
        self.channels = channels
        self.eventLoop = eventLoop
        self.timing = timing
        self.onEvent = onEvent
        self.state = NIOLoopBoundBox.makeBoxSendingValue(State(), eventLoop: eventLoop)
    }

    /// Connects and subscribes; keeps doing so after every loss until `shutdown()`.
    public func start() {
        eventLoop.execute {
            guard case .idle = self.state.value.phase else { return }
            self.connect()
        }
    }

    /// Stops for good: closes the connection and cancels every timer. No event follows.
    public func shutdown() -> EventLoopFuture<Void> {
        eventLoop.flatSubmit {
            self.state.value.generation &+= 1
            self.state.value.timer?.cancel()
            self.state.value.timer = nil
            let phase = self.state.value.phase
            self.state.value.phase = .shutdown
            switch phase {
            case .subscribing(_, let channel, _), .subscribed(_, let channel):
                return channel.close().recover { _ in }
            case .idle, .connecting, .waiting, .shutdown:
                return self.eventLoop.makeSucceededVoidFuture()
            }
        }
    }

    private func connect() {
        state.value.generation &+= 1
        state.value.phase = .connecting
        let generation = state.value.generation
        RESPConnector.connect(configuration, on: eventLoop).whenComplete { result in
            guard generation == self.state.value.generation, case .connecting = self.state.value.phase else {
                if case .success(let bound) = result { bound.value.channel.close(promise: nil) }
                return
            }
            switch result {
            case .failure(let error):
                self.retry(reason: Self.reason(error))
            case .success(let bound):
                self.subscribe(on: bound.value, generation: generation)
            }
        }
    }

    private func subscribe(on connection: RESPConnection, generation: UInt64) {
        let channel = connection.channel
        let handler = RESPSubscriberHandler { [weak self] value in
            self?.received(value, generation: generation)
        }
        do {
            try channel.pipeline.syncOperations.addHandler(handler, position: .before(connection.handler))
        } catch {
            channel.close(promise: nil)
            retry(reason: "could not prepare the subscriber connection")
            return
        }
        channel.closeFuture.whenComplete { _ in
            self.lost(reason: "the connection closed", generation: generation)
        }
        state.value.phase = .subscribing(handler, channel, confirmed: [])
        handler.send(["SUBSCRIBE"] + channels)
        state.value.timer = eventLoop.scheduleTask(in: configuration.connectTimeout) {
            guard generation == self.state.value.generation, case .subscribing = self.state.value.phase else { return }
            self.lost(reason: "SUBSCRIBE got no answer within the connect timeout", generation: generation)
        }
    }

    private func received(_ value: RESPValue, generation: UInt64) {
        guard generation == state.value.generation else { return }
        guard case .array(let items?) = value, let kind = items.first?.string?.lowercased() else {
            if case .error(let message) = value {
                lost(reason: "Redis refused: \(message)", generation: generation)
            }
            return
        }
        switch kind {
        case "subscribe":
            guard case .subscribing(let handler, let channel, var confirmed) = state.value.phase, items.count >= 2,
                let name = items[1].string
            else { return }
            confirmed.insert(name)
            if confirmed.count < Set(channels).count {
                state.value.phase = .subscribing(handler, channel, confirmed: confirmed)
                return
            }
            state.value.phase = .subscribed(handler, channel)
            state.value.failures = 0
            state.value.awaitingPong = false
            state.value.timer?.cancel()
            scheduleHeartbeat(generation: generation)
            onEvent(.subscribed)
        case "message":
            guard case .subscribed = state.value.phase, items.count >= 3, let name = items[1].string,
                case .bulkString(let payload?) = items[2]
            else { return }
            onEvent(.message(channel: name, payload: payload))
        case "pong":
            state.value.awaitingPong = false
        default:
            break
        }
    }

    private func scheduleHeartbeat(generation: UInt64) {
        state.value.timer = eventLoop.scheduleTask(in: timing.heartbeat) {
            guard generation == self.state.value.generation, case .subscribed(let handler, _) = self.state.value.phase else { return }
            if self.state.value.awaitingPong {
                self.lost(reason: "Redis did not answer the heartbeat", generation: generation)
                return
            }
            self.state.value.awaitingPong = true
            handler.send(["PING"])
            self.scheduleHeartbeat(generation: generation)
        }
    }

    private func lost(reason: String, generation: UInt64) {
        guard generation == state.value.generation else { return }
        let wasSubscribed: Bool
        switch state.value.phase {
        case .subscribed(_, let channel):
            wasSubscribed = true
            channel.close(promise: nil)
        case .subscribing(_, let channel, _):
            wasSubscribed = false
            channel.close(promise: nil)
        case .idle, .connecting, .waiting, .shutdown:
            return
        }
        retry(reason: reason)
        if wasSubscribed {
            onEvent(.unsubscribed(reason: reason))
        }
    }

    private func retry(reason: String) {
        state.value.generation &+= 1
        state.value.timer?.cancel()
        state.value.failures += 1
        state.value.phase = .waiting
        let generation = state.value.generation
        state.value.timer = eventLoop.scheduleTask(in: timing.backoff(afterFailures: state.value.failures)) {
            guard generation == self.state.value.generation, case .waiting = self.state.value.phase else { return }
            self.connect()
        }
    }

    private static func reason(_ error: any Error) -> String {
        if case RESPError.connectFailed(let reason) = error { return reason }
        if let error = error as? RESPError { return error.description }
        return "could not connect"
    }
}
