import Foundation

/// A private redis-server on a free loopback port, for tests that stop and restart it.
final class RedisProcess: @unchecked Sendable {
    // Only the test that owns it touches `process`, from one task at a time.
    let port: Int
    private var process: Process?

    static var serverPath: String? {
        if let fromEnvironment = ProcessInfo.processInfo.environment["SO_TEST_REDIS_SERVER"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return ["/usr/bin/redis-server", "/usr/local/bin/redis-server"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static var isAvailable: Bool { serverPath != nil }

    init(port: Int) {
        self.port = port
    }

    var url: String { "redis://127.0.0.1:\(port)" }

    func start() async throws {
        guard let path = Self.serverPath else { throw HarnessError.notListening }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        for _ in 0..<100 {
            if canConnect() { return }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        throw HarnessError.notListening
    }

    func stop() {
        guard let process else { return }
        // Polling instead of waitUntilExit(), which needs a run loop on Linux and can hang in a task.
        kill(process.processIdentifier, SIGKILL)
        for _ in 0..<200 where process.isRunning {
            usleep(10_000)
        }
        self.process = nil
    }

    private func canConnect() -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    deinit {
        process?.terminate()
    }
}
