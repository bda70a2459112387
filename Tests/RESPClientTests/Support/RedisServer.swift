#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import NIOConcurrencyHelpers

/// A private `redis-server` process on a free loopback port, so tests can stop, freeze and restart it
/// without touching the shared test server.
final class RedisServer: Sendable {
    let port: Int
    private let binary: String
    private let extraArguments: [String]
    private let directory: String
    private let pid = NIOLockedValueBox<pid_t?>(nil)

    struct StartFailed: Error, CustomStringConvertible {
        let description: String
    }

    /// Starts a server (with `extraArguments`, e.g. `["--requirepass", "x"]`) and waits until it answers.
    init(extraArguments: [String] = []) async throws {
        let binary = Self.serverBinary()
        let directory = NSTemporaryDirectory() + "so-gateway-resp-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // A port found free can be taken by a parallel test before redis binds it: try a few.
        var attempt = 0
        while true {
            attempt += 1
            let port = try Self.freePort()
            do {
                let spawned = try await Self.launch(binary: binary, port: port, directory: directory, extraArguments: extraArguments)
                self.binary = binary
                self.extraArguments = extraArguments
                self.directory = directory
                self.port = port
                self.pid.withLockedValue { $0 = spawned }
                return
            } catch {
                guard attempt < 5 else { throw error }
            }
        }
    }

    deinit {
        kill()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// `redis://127.0.0.1:PORT`.
    var url: String { "redis://127.0.0.1:\(port)" }

    /// Starts the process again on the same port (after `kill`) and waits until it answers.
    func start() async throws {
        let spawned = try await Self.launch(binary: binary, port: port, directory: directory, extraArguments: extraArguments)
        pid.withLockedValue { $0 = spawned }
    }

    /// Spawns redis-server and waits until it, not some other process, answers on `port`.
    private static func launch(binary: String, port: Int, directory: String, extraArguments: [String]) async throws -> pid_t {
        let arguments = [
            binary, "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--daemonize", "no", "--dir", directory, "--logfile", "",
        ] + extraArguments
        let spawned = try spawn(arguments)
        var password: String?
        if let index = extraArguments.firstIndex(of: "--requirepass"), index + 1 < extraArguments.count {
            password = extraArguments[index + 1]
        }
        let deadline = Date().addingTimeInterval(10)
        while serverProcess(port: port, password: password) != spawned {
            var status: Int32 = 0
            let exited = waitpid(spawned, &status, WNOHANG) == spawned
            guard Date() < deadline, !exited else {
                if !exited {
                    _ = signal(SIGKILL, to: spawned)
                    _ = waitpid(spawned, &status, 0)
                }
                throw StartFailed(description: "redis-server did not start on port \(port)")
            }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        return spawned
    }

    /// Kills the process (SIGKILL) and reaps it; the port is closed when this returns.
    func kill() {
        guard let running = pid.withLockedValue({ current -> pid_t? in
            defer { current = nil }
            return current
        }) else { return }
        _ = Self.signal(SIGKILL, to: running)
        var status: Int32 = 0
        _ = waitpid(running, &status, 0)
    }

    /// Freezes the process (SIGSTOP): the kernel still accepts connections, nothing answers.
    func pause() {
        if let running = pid.withLockedValue({ $0 }) { _ = Self.signal(SIGSTOP, to: running) }
    }

    /// Resumes a frozen process (SIGCONT).
    func resume() {
        if let running = pid.withLockedValue({ $0 }) { _ = Self.signal(SIGCONT, to: running) }
    }

    private static func signal(_ signal: Int32, to pid: pid_t) -> Int32 {
        #if canImport(Glibc)
        Glibc.kill(pid, signal)
        #else
        Darwin.kill(pid, signal)
        #endif
    }

    private static func serverBinary() -> String {
        if let configured = ProcessInfo.processInfo.environment["SO_TEST_REDIS_SERVER"], !configured.isEmpty {
            return configured
        }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let candidate = "\(folder)/redis-server"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return "/usr/bin/redis-server"
    }

    private static func spawn(_ arguments: [String]) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var cArguments = arguments.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, arguments[0], &actions, nil, &cArguments, environ)
        guard result == 0 else { throw StartFailed(description: "posix_spawn \(arguments[0]) failed: \(result)") }
        return child
    }

    /// A port nothing listens on right now (bound to 0 by the kernel, then released).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw StartFailed(description: "socket failed") }
        defer { close(fd) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw StartFailed(description: "bind failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The process id of the Redis server answering on `port` (from `INFO server`), or `nil` if none answers
    /// yet. Comparing it with the spawned pid guards against another test's server on a reused port.
    static func serverProcess(port: Int, password: String?) -> pid_t? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var wait = timeval(tv_sec: 0, tv_usec: 200_000)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return nil }
        let request = Array(((password.map { "AUTH \($0)\r\n" } ?? "") + "INFO server\r\n").utf8)
        guard write(fd, request, request.count) == request.count else { return nil }
        var received = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while received.count < 65536 {
            let count = read(fd, &chunk, chunk.count)
            guard count > 0 else { return nil }
            received.append(contentsOf: chunk[0..<count])
            let text = String(decoding: received, as: UTF8.self)
            if let range = text.range(of: "process_id:"),
               let end = text[range.upperBound...].firstIndex(where: { !$0.isASCII || !$0.isNumber }) {
                return pid_t(text[range.upperBound..<end])
            }
        }
        return nil
    }

    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}
