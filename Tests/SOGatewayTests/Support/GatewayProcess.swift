import Foundation
import NIOConcurrencyHelpers

/// The built `so-gateway` executable run as a child process, for signal and lifecycle tests.
final class GatewayProcess: Sendable {
    let process: Process
    let configPath: String
    private let output = NIOLockedValueBox("")

    /// The executable next to the test bundle (`swift build --build-tests` builds both into one folder).
    static var executableURL: URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return bundle.appendingPathComponent("so-gateway")
    }

    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: executableURL.path) }

    /// - Parameter environment: variables added to the test process's own (e.g. `OTEL_*` for the exporter).
    init(yaml: String, arguments: [String] = ["serve"], environment: [String: String] = [:]) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("so-gw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        configPath = directory.appendingPathComponent("gateway.yml").path
        try yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
        process = Process()
        process.executableURL = Self.executableURL
        process.arguments = arguments + ["--config", configPath]
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let output = self.output
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if !data.isEmpty { output.withLockedValue { $0 += String(decoding: data, as: UTF8.self) } }
        }
        try process.run()
    }

    var log: String { output.withLockedValue { $0 } }

    func rewriteConfig(_ yaml: String) throws {
        try yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// Waits for exit up to `timeout`; returns the exit status, or nil if still running (then kills it).
    func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
        if process.isRunning {
            process.terminate()
            return nil
        }
        return process.terminationStatus
    }

    /// Waits until the log shows `text` (e.g. "listening").
    func waitForLog(_ text: String, timeout: Duration = .seconds(20)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if log.contains(text) { return true }
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
        return false
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}

/// A free loopback port not handed out before in this test process: the kernel may offer a just-released port
/// again, and two listeners of one test (partner and admin) must never be given the same one.
func freePort() throws -> Int {
    for _ in 0..<64 {
        let port = try kernelFreePort()
        if handedOutPorts.withLockedValue({ $0.insert(port).inserted }) { return port }
    }
    throw HarnessError.notListening
}

private let handedOutPorts = NIOLockedValueBox(Set<Int>())

private func kernelFreePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
    }
    guard bound == 0 else { throw HarnessError.notListening }
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}
