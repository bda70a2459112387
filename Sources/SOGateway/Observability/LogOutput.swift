#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOConcurrencyHelpers
import NIOPosix

/// A buffered writer to standard output shared by every log handler: whole lines only, flushed when a
/// buffer passes 64 KiB, on warnings and errors, and on `flush()` (called twice a second and at exit).
///
/// Each thread appends to its own buffer, so loops logging requests never wait for each other: a buffer's
/// lock is taken by its own thread, and by `flush()` twice a second. Lines keep their order per thread;
/// across threads they are ordered within a flush interval (every line carries its timestamp).
final class LogOutput: Sendable {
    static let shared = LogOutput()

    private final class ThreadBuffer: Sendable {
        let bytes = NIOLockedValueBox([UInt8]())
    }

    private let perThread = ThreadSpecificVariable<ThreadBuffer>()
    /// Every thread's buffer, for `flush()`; a thread registers once, on its first line.
    private let buffers = NIOLockedValueBox([ThreadBuffer]())
    /// Serialises writes so batches from different threads never interleave.
    private let writer = NIOLock()
    private static let flushThreshold = 64 << 10

    func append(_ line: String, flushNow: Bool) {
        let pending: [UInt8]? = threadBuffer().bytes.withLockedValue { bytes in
            bytes.append(contentsOf: line.utf8)
            guard flushNow || bytes.count >= Self.flushThreshold else { return nil }
            defer { bytes.removeAll(keepingCapacity: true) }
            return bytes
        }
        if let pending { write(pending) }
    }

    func flush() {
        for buffer in buffers.withLockedValue({ $0 }) {
            let pending: [UInt8] = buffer.bytes.withLockedValue { bytes in
                defer { bytes.removeAll(keepingCapacity: true) }
                return bytes
            }
            if !pending.isEmpty { write(pending) }
        }
    }

    private func threadBuffer() -> ThreadBuffer {
        if let existing = perThread.currentValue { return existing }
        let made = ThreadBuffer()
        perThread.currentValue = made
        buffers.withLockedValue { $0.append(made) }
        return made
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
