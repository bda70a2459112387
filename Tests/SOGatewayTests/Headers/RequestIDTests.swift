import NIOConcurrencyHelpers
import Testing
@testable import SOGateway

/// Generated request ids: 32 lowercase hex characters, unique across threads (each thread has its own
/// random prefix and counter).
@Suite("Request ids")
struct RequestIDTests {
    @Test("Ids made on many threads at once are all distinct and well formed")
    func uniqueAcrossThreads() async {
        let ids = await withTaskGroup(of: [String].self) { group in
            for _ in 0..<8 {
                group.addTask { (0..<2_000).map { _ in RequestID.generate() } }
            }
            var all = [String]()
            for await batch in group { all += batch }
            return all
        }
        #expect(ids.count == 16_000)
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.utf8.count == 32 && $0.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) } })
    }

    @Test("One thread's ids share its prefix and count up")
    func perThreadSequence() {
        let first = RequestID.generate()
        let second = RequestID.generate()
        #expect(first.prefix(16) == second.prefix(16))
        #expect(UInt64(second.suffix(16), radix: 16) == UInt64(first.suffix(16), radix: 16).map { $0 + 1 })
    }
}
