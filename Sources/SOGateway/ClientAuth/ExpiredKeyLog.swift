import Foundation
import Logging
import NIOConcurrencyHelpers

/// Logs the first use of each expired key once (not once per request), so a partner hammering the gateway
/// with an old key cannot flood the log.
///
/// Kept per configuration load: after a reload each expired key is reported once more.
final class ExpiredKeyLog: Sendable {
    private let logger: Logger
    private let reported = NIOLockedValueBox(Set<KeyDigest>())

    init(logger: Logger) {
        self.logger = logger
    }

    /// Reports an expired key unless it was reported already; never logs the hash beyond a short prefix.
    func reportOnce(digest: KeyDigest, client: String, note: String?, notAfter: Date, hashPrefix: String) {
        let isFirst = reported.withLockedValue { $0.insert(digest).inserted }
        guard isFirst else { return }
        logger.warning(
            "expired API key presented; answered like an unknown key",
            metadata: [
                "client": .string(client),
                "note": .string(note ?? ""),
                "not_after": .string(Self.format(notAfter)),
                "key_sha256_prefix": .string(hashPrefix),
            ]
        )
    }

    /// RFC 3339 in UTC, the form the configuration uses.
    static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
