@testable import UpstreamTransport

/// A connection as the pool's state machine sees it: its identity, whether it may take work, and a name for
/// readable expectations.
final class TestConnection: PooledConnection {
    let name: String
    var isReusable = true

    init(_ name: String) {
        self.name = name
    }
}
