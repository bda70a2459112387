import NIOConcurrencyHelpers
import NIOCore

/// Tracks open partner connections across event loops, so the listener can refuse beyond
/// `max_connections` and a drain that times out can close what is left.
public final class ConnectionCounter: Sendable {
    private let channels = NIOLockedValueBox([ObjectIdentifier: any Channel]())

    public init() {}

    /// Registers `channel`; false when `limit` connections are already open.
    func tryOpen(_ channel: any Channel, limit: Int) -> Bool {
        channels.withLockedValue { table in
            guard table.count < limit else { return false }
            table[ObjectIdentifier(channel)] = channel
            return true
        }
    }

    func close(_ channel: any Channel) {
        _ = channels.withLockedValue { $0.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// Closes every connection still open (after a drain timeout).
    func closeAll() {
        let open = channels.withLockedValue { Array($0.values) }
        for channel in open {
            channel.close(promise: nil)
        }
    }

    /// Connections open right now (for logs and metrics).
    public var open: Int { channels.withLockedValue { $0.count } }
}
