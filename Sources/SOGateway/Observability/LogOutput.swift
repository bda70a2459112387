#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOConcurrencyHelpers

/// A buffered writer to standard output shared by every log handler: whole lines only, flushed when the
/// buffer passes 64 KiB, on warnings and errors, and on `flush()` (called twice a second and at exit).
final class LogOutput: Sendable {
    static let shared = LogOutput()
    private let buffer = NIOLockedValueBox([UInt8]())
    /// Serialises writes so batches from different threads never interleave.
    private let writer = NIOLock()
    private static let flushThreshold = 64 << 10

    func append(_ line: String, flushNow: Bool) {
        let pending: [UInt8]? = buffer.withLockedValue { bytes in
            bytes.append(contentsOf: line.utf8)
            guard flushNow || bytes.count >= Self.flushThreshold else { return nil }
            defer { bytes.removeAll(keepingCapacity: true) }
            return bytes
        }
        if let pending { write(pending) }
    }

    func flush() {
        let pending: [UInt8] = buffer.withLockedValue { bytes in
            defer { bytes.removeAll(keepingCapacity: true) }
            return bytes
        }
        if !pending.isEmpty { write(pending) }
    }

    private func write(_ bytes: [UInt8]) {
        writer.withLock { writeAll(bytes) }
    }

    /// write(2) from the platform's C library (Glibc on Linux, Darwin on macOS), named apart from `write(_:)`.
    private static func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.write(descriptor, bytes, count)
        #elseif canImport(Darwin)
        return Darwin.write(descriptor, bytes, count)
        #endif
    }

    private func writeAll(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count, let base = raw.baseAddress {
                let written = Self.systemWrite(1, base + offset, raw.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
