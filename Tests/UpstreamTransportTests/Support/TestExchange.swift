@testable import UpstreamTransport

/// An exchange as the state machines see it: its identity, whether it is complete, and a name for readable
/// expectations.
final class TestExchange: PooledExchange {
    let name: String
    var isFinished = false

    init(_ name: String) {
        self.name = name
    }
}
