@testable import SOGateway
import Testing

@Suite("Header name matching without allocation")
struct HeaderNameTests {
    @Test("isRemoved agrees with the documented set, in any letter case")
    func removedSet() {
        for name in UpstreamHeaderStage.removed {
            #expect(UpstreamHeaderStage.isRemoved(name), "\(name)")
            #expect(UpstreamHeaderStage.isRemoved(name.uppercased()), "\(name)")
        }
        for name in ["Accept", "SO-Language", "SO-Culture", "Content-Type", "X-Api-Keys", "Authorisation", "Cookies", "User-Agent"] {
            #expect(!UpstreamHeaderStage.isRemoved(name), "\(name)")
        }
    }

    @Test("Hop-by-hop names and Proxy-* are recognised in any letter case; others are not")
    func hopByHop() {
        for name in ["Connection", "KEEP-ALIVE", "te", "Trailer", "Transfer-Encoding", "upgrade", "Proxy-Authorization", "proxy-connection"] {
            #expect(HopByHop.isHopByHop(name), "\(name)")
        }
        for name in ["Content-Type", "Accept", "Tea", "Proxy", "X-Proxy-Id"] {
            #expect(!HopByHop.isHopByHop(name), "\(name)")
        }
    }
}
