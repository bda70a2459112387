import Foundation

/// A scratch directory for tests that need real files (TLS and key files), removed when the test ends.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("gateway-config-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes a file at a path relative to the directory, creating folders; returns its absolute path.
    @discardableResult
    func write(_ relativePath: String, _ contents: String) throws -> String {
        let fileURL = URL(fileURLWithPath: path).appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: fileURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: fileURL)
        return fileURL.path
    }

    /// Writes a small PEM-looking file.
    @discardableResult
    func writePEM(_ relativePath: String) throws -> String {
        try write(relativePath, "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n")
    }
}
