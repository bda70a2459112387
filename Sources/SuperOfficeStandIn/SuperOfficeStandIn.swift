import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A real HTTP/1.1 server that behaves like a SuperOffice tenant's WebAPI (see docs/stand-in.md), so the gateway's
/// tests and `so-gateway demo` have a faithful, inspectable, fault-injectable upstream.
public final class SuperOfficeStandIn: Sendable {
    /// The cookie name the stand-in issues for CRM web sessions (`SuperOffice.Session` is accepted too).
    public static let sessionCookieName = ".ASPXAUTH"

    let core: StandInCore
    private let listener = NIOLockedValueBox<Listener?>(nil)

    /// The bound channel and where it listens.
    private struct Listener: Sendable {
        var channel: any Channel
        var host: String
        var port: Int
    }

    /// Creates a stopped stand-in; call `start` to listen.
    public init(configuration: StandInConfiguration = .init()) {
        core = StandInCore(configuration: configuration)
    }

    /// The configuration the stand-in was created with.
    public var configuration: StandInConfiguration {
        core.configuration
    }

    /// Binds and returns once the server is listening (port 0 picks an ephemeral port).
    public func start(host: String = "127.0.0.1", port: Int = 0) async throws {
        let core = self.core
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    let localPort = channel.localAddress?.port ?? 0
                    try channel.pipeline.syncOperations.addHandler(StandInChannelHandler(core: core, localPort: localPort))
                }
            }
            .bind(host: host, port: port)
            .get()
        let boundPort = channel.localAddress?.port ?? port
        listener.withLockedValue { $0 = Listener(channel: channel, host: host, port: boundPort) }
    }

    /// The bound port (0 before `start`).
    public var port: Int {
        listener.withLockedValue { $0?.port ?? 0 }
    }

    /// `http://<host>:<port>` of the running server.
    public var baseURL: String {
        let host = listener.withLockedValue { $0?.host ?? "127.0.0.1" }
        let shown = host.contains(":") ? "[\(host)]" : host
        return "http://\(shown):\(port)"
    }

    /// Stops listening and closes the listening socket (open connections finish on their own).
    public func shutdown() async throws {
        let current = listener.withLockedValue { value -> Listener? in
            defer { value = nil }
            return value
        }
        guard let current else { return }
        try await current.channel.close()
    }

    /// Every request received so far, in arrival order, including rejected ones.
    public var received: [ReceivedRequest] {
        core.state.withLockedValue { $0.received }
    }

    /// Forgets the recorded requests.
    public func clearReceived() {
        core.state.withLockedValue { $0.received.removeAll() }
    }

    /// How many recorded requests have a path containing `pathContaining` (case-insensitive).
    public func receivedCount(pathContaining: String) -> Int {
        let wanted = pathContaining.lowercased()
        return core.state.withLockedValue { state in
            state.received.filter { $0.path.lowercased().contains(wanted) }.count
        }
    }

    /// Arms `fault` for the next `times` requests whose path contains `pathContaining` (nil = any path).
    public func injectFault(_ fault: StandInFault, pathContaining: String? = nil, times: Int = 1) {
        guard times > 0 else { return }
        core.state.withLockedValue { $0.faults.append(ArmedRule(payload: fault, pathContaining: pathContaining, remaining: times)) }
    }

    /// Disarms every fault.
    public func clearFaults() {
        core.state.withLockedValue { $0.faults.removeAll() }
    }

    /// Every ticket, token and session issued or configured so far answers 401 from now on.
    public func expireAllCredentials() {
        core.state.withLockedValue { $0.credentials.expireAll() }
    }

    /// Turns the optional 429 mode on (`throttle`) or off (nil); off by default.
    public func setThrottle(_ throttle: StandInThrottle?) {
        core.state.withLockedValue { state in
            state.throttle = throttle
            state.throttleWindows.removeAll()
        }
    }

    /// When on, every session-authenticated answer rotates the session's XSRF token via `Set-Cookie: XSRF-TOKEN=…`.
    public func setXSRFRotation(_ on: Bool) {
        core.state.withLockedValue { $0.rotateXSRFTokens = on }
    }

    /// Adds or replaces a session (cookie value → session) at run time.
    public func addSession(_ session: StandInSession, cookie: String) {
        core.state.withLockedValue { $0.credentials.saveSession(session, cookie: cookie) }
    }

    /// The current XSRF token of a session, or nil when the session is unknown or expired.
    public func xsrfToken(forSessionCookie cookie: String) -> String? {
        core.state.withLockedValue { $0.credentials.session(cookie)?.xsrfToken }
    }
}
