#if canImport(Glibc)
import Glibc
#endif
import Foundation
import NIOConcurrencyHelpers

/// A private `redis-server` process on a free loopback port, so tests can stop, freeze and restart it
/// without touching the shared test server. The one launcher of all test targets (RESPClientTests,
/// SOGatewayTests); `SO_TEST_REDIS_SERVER` names another binary.
///
/// redis-server runs under a small `sh` watchdog that reads a socket from this process: if the test process
/// dies (crash, timeout kill), the socket closes and the watchdog kills redis, so no server is left behind.
public final class RedisServer: Sendable {
    public let port: Int
    private let binary: String
    private let extraArguments: [String]
    private let directory: String
    private let running = NIOLockedValueBox<Running?>(nil)

    private struct Running {
        /// The watchdog shell, our direct child.
        let watchdog: pid_t
        /// redis-server, the watchdog's child (for SIGSTOP/SIGCONT).
        let server: pid_t
        /// Our end of the watchdog's stdin; closing it stops the server.
        let lifeline: Int32
    }

    public struct StartFailed: Error, CustomStringConvertible {
        public let description: String
    }

    /// Starts a server (with `extraArguments`, e.g. `["--requirepass", "x"]`) and waits until it answers.
    public init(extraArguments: [String] = []) async throws {
        let binary = Self.serverBinary()
        let directory = NSTemporaryDirectory() + "so-gateway-resp-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // A port found free can be taken by a parallel test before redis binds it: try a few.
        var attempt = 0
        while true {
            attempt += 1
            let port = try Self.freePort()
            do {
                let started = try await Self.launch(binary: binary, port: port, directory: directory, extraArguments: extraArguments)
                self.binary = binary
                self.extraArguments = extraArguments
                self.directory = directory
                self.port = port
                self.running.withLockedValue { $0 = started }
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
    public var url: String { "redis://127.0.0.1:\(port)" }

    /// Starts the server again on the same port (after `kill`) and waits until it answers.
    public func start() async throws {
        let started = try await Self.launch(binary: binary, port: port, directory: directory, extraArguments: extraArguments)
        running.withLockedValue { $0 = started }
    }

    /// Kills the server and waits until it is gone; the port is closed when this returns.
    public func kill() {
        guard let stopped = running.withLockedValue({ current -> Running? in
            defer { current = nil }
            return current
        }) else { return }
        Self.stop(stopped)
    }

    /// Freezes the server (SIGSTOP): the kernel still accepts connections, nothing answers.
    public func pause() {
        if let server = running.withLockedValue({ $0?.server }) { _ = Glibc.kill(server, SIGSTOP) }
    }

    /// Resumes a frozen server (SIGCONT).
    public func resume() {
        if let server = running.withLockedValue({ $0?.server }) { _ = Glibc.kill(server, SIGCONT) }
    }

    private static func stop(_ running: Running) {
        close(running.lifeline)
        var status: Int32 = 0
        _ = waitpid(running.watchdog, &status, 0)
    }

    /// Spawns the watchdog and redis-server, and waits until that redis-server (not another test's on a
    /// reused port) answers on `port`.
    private static func launch(binary: String, port: Int, directory: String, extraArguments: [String]) async throws -> Running {
        let arguments = [
            "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--daemonize", "no", "--dir", directory, "--logfile", "",
        ] + extraArguments
        // The watchdog exits when redis does (e.g. the port was taken), and kills redis when our end of
        // its stdin closes.
        let watchdogScript = #"exec 3<&0; "$0" "$@" </dev/null & child=$!; { read _ <&3; kill -9 $child 2>/dev/null; } & wait $child"#
        let (watchdog, lifeline) = try spawnWithLifeline(["/bin/sh", "-c", watchdogScript, binary] + arguments)
        var password: String?
        if let index = extraArguments.firstIndex(of: "--requirepass"), index + 1 < extraArguments.count {
            password = extraArguments[index + 1]
        }
        let deadline = Date().addingTimeInterval(10)
        while true {
            if let server = serverProcess(port: port, password: password), parent(of: server) == watchdog {
                return Running(watchdog: watchdog, server: server, lifeline: lifeline)
            }
            var status: Int32 = 0
            let exited = waitpid(watchdog, &status, WNOHANG) == watchdog
            guard Date() < deadline, !exited else {
                close(lifeline)
                if !exited { _ = waitpid(watchdog, &status, 0) }
                throw StartFailed(description: "redis-server did not start on port \(port)")
            }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
    }

    /// Whether there is a redis-server to start (for `.enabled(if:)` traits).
    public static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: serverBinary())
    }

    /// `SO_TEST_REDIS_SERVER`, else the first redis-server on `PATH`, else /usr/bin/redis-server.
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

    /// Spawns `arguments` with stdin on a socket (close-on-exec here, so no other child inherits it) and
    /// stdout/stderr on /dev/null; returns the pid and our end of the socket.
    private static func spawnWithLifeline(_ arguments: [String]) throws -> (pid_t, Int32) {
        // A socket pair rather than pipe(): it can be made close-on-exec atomically.
        var ends: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            throw StartFailed(description: "socketpair failed")
        }
        defer { close(ends[0]) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, ends[0], 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // Test threads (Dispatch, NIO) block signals, and a child inherits the mask: the watchdog's `wait`
        // would then never see SIGCHLD. Start it with no signal blocked and default handlers.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var cArguments = arguments.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, arguments[0], &actions, &attributes, &cArguments, environ)
        guard result == 0 else {
            close(ends[1])
            throw StartFailed(description: "posix_spawn \(arguments[0]) failed: \(result)")
        }
        return (child, ends[1])
    }

    /// The parent pid of `pid`, from /proc.
    private static func parent(of pid: pid_t) -> pid_t? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 1 ? pid_t(fields[1]) : nil
    }

    /// A port nothing listens on right now (bound to 0 by the kernel, then released).
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
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

    /// The process id of the Redis server answering on `port` (from `INFO server`), or `nil` if none
    /// answers yet (an open port alone is not enough: Redis listens before it serves).
    static func serverProcess(port: Int, password: String?) -> pid_t? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
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

    /// `127.0.0.1:port` as a socket address.
    public static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}
