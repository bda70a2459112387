import Testing
@testable import SOGateway
import UpstreamTransport

/// Which problem a transport failure becomes: the gateway's own failure is not blamed on SuperOffice.
@Suite("Forward problems")
struct ForwardProblemTests {
    @Test("A request the gateway cannot write gets its own 500 problem, not \"SuperOffice sent an answer that is not valid HTTP\"")
    func unserialisableRequestIsTheGatewaysFault() {
        let problem = ForwardStage.problem(for: UpstreamError.requestNotSerializable("a header has an invalid name or value"))
        #expect(problem.status == .internalServerError)
        #expect(problem.slug == "request-not-forwardable")
        #expect(problem.detail?.contains("SuperOffice sent") == false)
        let upstreamsFault = ForwardStage.problem(for: UpstreamError.invalidResponse("garbage"))
        #expect(upstreamsFault.status == .badGateway)
        #expect(upstreamsFault.detail == "SuperOffice sent an answer that is not valid HTTP.")
    }
}
