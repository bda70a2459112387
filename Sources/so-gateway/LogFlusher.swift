import SOGateway
import ServiceLifecycle

/// Flushes buffered JSON log lines twice a second, so a quiet gateway's lines appear promptly while a busy
/// one does not pay a write per line.
struct LogFlusher: Service {
    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await Task.sleep(nanoseconds: 500_000_000)
            JSONLogHandler.flush()
        }
        JSONLogHandler.flush()
    }
}
