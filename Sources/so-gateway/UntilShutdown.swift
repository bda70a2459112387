import ServiceLifecycle

/// A service that only waits for SIGTERM/SIGINT, for commands that start their servers themselves.
struct UntilShutdown: Service {
    func run() async throws {
        try? await gracefulShutdown()
    }
}
