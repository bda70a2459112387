import Atomics
import GatewayConfig
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1

/// Everything derived from one configuration load that the request path reads.
///
/// Immutable: a reload builds a new snapshot and swaps it in; requests already running keep theirs,
/// new requests take the new one. Connections stay open across the swap.
public final class GatewaySnapshot: Sendable {
    public let configuration: GatewayConfiguration
    public let chain: StageChain
    public let limits: LimitsConfig
    public let observer: any RequestObserver
    public let cache: TaskCacheState
    /// The body size the listener accepts for a request with these headers (see `SnapshotBuilder.bodyLimit`).
    public let bodyLimit: @Sendable (HTTPHeaders) -> Int

    public init(
        configuration: GatewayConfiguration, chain: StageChain, limits: LimitsConfig, observer: any RequestObserver,
        cache: TaskCacheState, bodyLimit: (@Sendable (HTTPHeaders) -> Int)? = nil
    ) {
        self.configuration = configuration
        self.chain = chain
        self.limits = limits
        self.observer = observer
        self.cache = cache
        let standard = limits.maxBody
        self.bodyLimit = bodyLimit ?? { _ in standard }
    }
}

/// Where the listener finds the snapshot in force: read once per request.
///
/// Reading takes no lock on the event loops named at init: each loop keeps the snapshot it last saw with
/// the generation it saw it at, and re-reads under the lock only when a reload bumped the generation.
public final class SnapshotSource: Sendable {
    private struct Seen {
        var generation: UInt64
        var snapshot: GatewaySnapshot
    }

    private let box: NIOLockedValueBox<GatewaySnapshot>
    private let generation = ManagedAtomic<UInt64>(0)
    private let seenByLoop: [ObjectIdentifier: NIOLoopBoundBox<Seen>]

    /// - Parameters:
    ///   - initial: the snapshot in force until the first `replace`.
    ///   - loops: the loops that read it per request (the listener's group); others read under the lock.
    public init(_ initial: GatewaySnapshot, loops: [any EventLoop] = []) {
        self.box = NIOLockedValueBox(initial)
        var seen = [ObjectIdentifier: NIOLoopBoundBox<Seen>]()
        for loop in loops {
            seen[ObjectIdentifier(loop)] = .makeBoxSendingValue(Seen(generation: 0, snapshot: initial), eventLoop: loop)
        }
        self.seenByLoop = seen
    }

    /// The snapshot in force, read under the lock (admin pages, off the request path).
    public var current: GatewaySnapshot { box.withLockedValue { $0 } }

    /// The snapshot in force, as `loop` sees it; call on `loop`.
    public func current(on loop: any EventLoop) -> GatewaySnapshot {
        guard let seen = seenByLoop[ObjectIdentifier(loop)] else { return current }
        let latest = generation.load(ordering: .acquiring)
        if seen.value.generation == latest { return seen.value.snapshot }
        let snapshot = current
        seen.value = Seen(generation: latest, snapshot: snapshot)
        return snapshot
    }

    public func replace(with snapshot: GatewaySnapshot) {
        box.withLockedValue { $0 = snapshot }
        generation.wrappingIncrement(ordering: .releasing)
    }
}
