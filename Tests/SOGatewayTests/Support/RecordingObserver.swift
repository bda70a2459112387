import NIOConcurrencyHelpers
@testable import SOGateway

/// Records what the listener reports about connections, so deadline tests can check the limit named.
final class RecordingObserver: RequestObserver {
    private let box = NIOLockedValueBox((refused: [ConnectionLimit](), cut: [ConnectionLimit](), reset: [ConnectionLimit]()))

    var refused: [ConnectionLimit] { box.withLockedValue { $0.refused } }
    var cut: [ConnectionLimit] { box.withLockedValue { $0.cut } }
    var reset: [ConnectionLimit] { box.withLockedValue { $0.reset } }

    func connectionOpened() {}
    func connectionClosed() {}
    func connectionRefused(_ limit: ConnectionLimit) { box.withLockedValue { $0.refused.append(limit) } }
    func connectionCut(_ limit: ConnectionLimit) { box.withLockedValue { $0.cut.append(limit) } }
    func streamReset(_ limit: ConnectionLimit) { box.withLockedValue { $0.reset.append(limit) } }
    func requestCompleted(_ record: CompletedRequest) {}
}
