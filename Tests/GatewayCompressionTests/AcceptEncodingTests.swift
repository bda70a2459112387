import GatewayCompression
import Testing

@Suite("Accept-Encoding negotiation")
struct AcceptEncodingTests {
    private let all: [ContentCoding] = [.gzip, .deflate, .identity]

    @Test("an absent header accepts identity only")
    func absentHeaderIsIdentityOnly() {
        let accept = AcceptEncoding([])
        #expect(accept.accepts(.identity))
        #expect(!accept.accepts(.gzip))
        #expect(!accept.accepts(.deflate))
        #expect(accept.preferred(from: all) == .identity)
    }

    @Test("an empty header value accepts identity only")
    func emptyHeaderIsIdentityOnly() {
        let accept = AcceptEncoding([""])
        #expect(accept.accepts(.identity))
        #expect(!accept.accepts(.gzip))
    }

    @Test("a listed coding is accepted and preferred over implicit identity")
    func listedCodingIsPreferred() {
        let accept = AcceptEncoding(["gzip"])
        #expect(accept.accepts(.gzip))
        #expect(accept.accepts(.identity))
        #expect(!accept.accepts(.deflate))
        #expect(accept.preferred(from: [.identity, .gzip]) == .gzip)
    }

    @Test("a low-weighted listed coding still beats implicit identity")
    func lowWeightBeatsImplicitIdentity() {
        let accept = AcceptEncoding(["gzip;q=0.5"])
        #expect(accept.preferred(from: [.identity, .gzip]) == .gzip)
    }

    @Test("the highest q-value wins")
    func highestQualityWins() {
        let accept = AcceptEncoding(["gzip;q=0.5, deflate;q=0.8"])
        #expect(accept.preferred(from: all) == .deflate)
        #expect(accept.quality(of: .gzip) == 500)
        #expect(accept.quality(of: .deflate) == 800)
    }

    @Test("ties go to the server's order")
    func tiesFollowOfferedOrder() {
        let accept = AcceptEncoding(["deflate, gzip"])
        #expect(accept.preferred(from: [.gzip, .deflate]) == .gzip)
        #expect(accept.preferred(from: [.deflate, .gzip]) == .deflate)
    }

    @Test("identity;q=0 excludes identity")
    func identityExcluded() {
        let accept = AcceptEncoding(["gzip, identity;q=0"])
        #expect(!accept.accepts(.identity))
        #expect(accept.preferred(from: [.identity]) == nil)
        #expect(accept.preferred(from: all) == .gzip)
    }

    @Test("*;q=0 excludes everything not listed, identity included")
    func starZeroExcludesUnlisted() {
        let accept = AcceptEncoding(["*;q=0"])
        #expect(!accept.accepts(.identity))
        #expect(!accept.accepts(.gzip))
        #expect(accept.preferred(from: all) == nil)
    }

    @Test("*;q=0 with an explicit identity keeps identity")
    func starZeroWithIdentity() {
        let accept = AcceptEncoding(["identity, *;q=0"])
        #expect(accept.accepts(.identity))
        #expect(!accept.accepts(.gzip))
        #expect(accept.preferred(from: all) == .identity)
    }

    @Test("* accepts codings that are not listed, with its weight")
    func starAcceptsUnlisted() {
        let accept = AcceptEncoding(["deflate;q=0.2, *;q=0.6"])
        #expect(accept.accepts(.gzip))
        #expect(accept.quality(of: .gzip) == 600)
        #expect(accept.quality(of: .deflate) == 200)
        #expect(accept.preferred(from: [.deflate, .gzip]) == .gzip)
    }

    @Test("a q=0 coding is excluded even when * is present")
    func explicitZeroBeatsStar() {
        let accept = AcceptEncoding(["gzip;q=0, *"])
        #expect(!accept.accepts(.gzip))
        #expect(accept.accepts(.deflate))
        #expect(accept.preferred(from: [.gzip, .deflate]) == .deflate)
    }

    @Test("x-gzip is an alias of gzip")
    func xGzipAlias() {
        let accept = AcceptEncoding(["x-gzip"])
        #expect(accept.accepts(.gzip))
        #expect(accept.preferred(from: all) == .gzip)
    }

    @Test("tokens and the q parameter are case-insensitive")
    func caseInsensitive() {
        let accept = AcceptEncoding(["GZip;Q=0.7, DEFLATE;q=0.9, IDENTITY;q=0"])
        #expect(accept.quality(of: .gzip) == 700)
        #expect(accept.quality(of: .deflate) == 900)
        #expect(!accept.accepts(.identity))
    }

    @Test("several header fields form one list")
    func severalFields() {
        let accept = AcceptEncoding(["identity;q=0", "gzip"])
        #expect(!accept.accepts(.identity))
        #expect(accept.accepts(.gzip))
    }

    @Test("unknown codings are ignored")
    func unknownCodingsIgnored() {
        let accept = AcceptEncoding(["br, zstd"])
        #expect(!accept.accepts(.gzip))
        #expect(accept.preferred(from: all) == .identity)
    }

    @Test("repeated codings take their highest weight")
    func repeatedCodingTakesMax() {
        let accept = AcceptEncoding(["gzip;q=0, gzip;q=0.4"])
        #expect(accept.quality(of: .gzip) == 400)
    }

    @Test(
        "malformed elements are ignored",
        arguments: [
            "gzip;q=1.5", "gzip;q=2", "gzip;q=0.1234", "gzip;q=abc", "gzip;q=", "gzip;q", "gzip;q=.5",
            "gzip;q=-1", "gz ip", "gzip;q=\"0.5\"", "gzip;foo=\"unterminated", "g(zip)",
        ]
    )
    func malformedElementsIgnored(_ value: String) {
        let accept = AcceptEncoding([value])
        #expect(!accept.accepts(.gzip))
        #expect(accept.accepts(.identity))
    }

    @Test("a malformed element does not spoil the others")
    func malformedElementIsolated() {
        let accept = AcceptEncoding(["gzip;q=9, deflate;q=0.5"])
        #expect(!accept.accepts(.gzip))
        #expect(accept.quality(of: .deflate) == 500)
    }

    @Test("empty list elements and whitespace are tolerated")
    func emptyElementsTolerated() {
        let accept = AcceptEncoding([" ,, gzip ; q=0.3 ,\t,"])
        #expect(accept.quality(of: .gzip) == 300)
    }

    @Test("quoted parameter values may contain commas")
    func quotedCommas() {
        let accept = AcceptEncoding(["gzip;ext=\"a,b\";q=0.25, deflate"])
        #expect(accept.quality(of: .gzip) == 250)
        #expect(accept.quality(of: .deflate) == 1000)
    }
}
