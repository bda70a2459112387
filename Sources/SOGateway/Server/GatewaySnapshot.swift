import GatewayConfig
import NIOConcurrencyHelpers
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
public final class SnapshotSource: Sendable {
    private let box: NIOLockedValueBox<GatewaySnapshot>

    public init(_ initial: GatewaySnapshot) {
        self.box = NIOLockedValueBox(initial)
    }

    public var current: GatewaySnapshot { box.withLockedValue { $0 } }

    public func replace(with snapshot: GatewaySnapshot) {
        box.withLockedValue { $0 = snapshot }
    }
}
