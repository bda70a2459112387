import Logging
import NIOCore
import Testing
import TestSupport
@testable import SOGateway

/// The `connection refused` line: it names the limit, and a flood of refusals writes at most one line a second
/// that says how many refusals it stands for (injected clock).
@Suite("Connection refusal log")
struct ConnectionRefusalLogTests {
    @Test("A flood of refusals writes one line a second, naming the limit and how many refusals it stands for")
    func throttled() {
        let capture = LogCapture()
        let clock = ManualClock()
        let log = ConnectionRefusalLog(logger: Logger(label: "test") { capture.handler(label: $0) }, clock: clock.clock)
        log.refused(.maxConnections)
        for _ in 0..<99 {
            clock.advance(by: .milliseconds(5))
            log.refused(.maxConnections)
        }
        #expect(capture.all.count == 1)
        #expect(capture.all.first?.contains("connection refused") == true)
        #expect(capture.all.first?.contains("max_connections") == true)
        clock.advance(by: .seconds(1))
        log.refused(.maxConnections)
        #expect(capture.all.count == 2)
        #expect(capture.all.last?.contains(#""refused": 100"#) == true, "\(capture.all)")
    }
}
