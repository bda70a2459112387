import Logging
import ServiceLifecycle

/// Runs a gateway under swift-service-lifecycle: start, serve until a shutdown signal, then drain.
public struct GatewayService: Service {
    let gateway: Gateway

    public init(gateway: Gateway) {
        self.gateway = gateway
    }

    public func run() async throws {
        try await gateway.start()
        // Suspends until SIGTERM/SIGINT (or the service group) asks for a graceful shutdown.
        try? await gracefulShutdown()
        await gateway.shutdown()
    }
}
