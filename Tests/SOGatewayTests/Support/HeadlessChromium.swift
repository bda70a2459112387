import Foundation
import NIOConcurrencyHelpers

/// Debian's `chromium` run headless, for tests that load the status page as a browser does.
enum HeadlessChromium {
    static var path: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static var isAvailable: Bool { path != nil }

    /// Runs chromium with `arguments` after the headless flags and returns its stdout; fails after `timeout`.
    static func run(_ arguments: [String], timeout: Duration = .seconds(60)) async throws -> String {
        guard let path else { throw ChromiumError.missing }
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("so-gw-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars",
            "--user-data-dir=\(profile.path)",
        ] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        // Read while it runs, so a large DOM cannot fill the pipe and stall the browser.
        let collected = NIOLockedValueBox(Data())
        output.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            if !chunk.isEmpty { collected.withLockedValue { $0.append(chunk) } }
        }
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline {
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        if process.isRunning {
            process.terminate()
            throw ChromiumError.timedOut
        }
        output.fileHandleForReading.readabilityHandler = nil
        let rest = output.fileHandleForReading.readDataToEndOfFile()
        return String(decoding: collected.withLockedValue { $0 } + rest, as: UTF8.self)
    }

    enum ChromiumError: Error { case missing, timedOut }
}
