import NIOCore
import NIOHTTP1
import Testing

@testable import UpstreamTransport

/// The connection's exchange as a value: every event and the action it returns, without a socket.
@Suite struct UpstreamConnectionStateMachineTests {
    typealias Machine = UpstreamConnectionStateMachine<TestExchange>

    private static let allocator = ByteBufferAllocator()

    private static func machine(maxResponseBody: Int = 1024) -> Machine {
        var machine = Machine(maxResponseBody: maxResponseBody, emptyBody: Self.allocator.buffer(capacity: 0))
        let adopted = machine.adopted()
        #expect(adopted)
        return machine
    }

    private static func head(_ status: HTTPResponseStatus = .ok, version: HTTPVersion = .http1_1, _ headers: HTTPHeaders = [:]) -> HTTPResponseHead {
        HTTPResponseHead(version: version, status: status, headers: headers)
    }

    /// Starts `exchange` and writes its request.
    private static func start(_ machine: inout Machine, _ exchange: TestExchange, mayRetry: Bool = true, closeAfterResponse: Bool = false) {
        guard case .write = machine.startExchange(exchange, mayRetryOnStaleConnection: mayRetry) else {
            Issue.record("expected the request to be written")
            return
        }
        machine.requestWritten(closeAfterResponse: closeAfterResponse)
    }

    /// Runs one complete keep-alive exchange answered with `body`.
    private static func completeExchange(_ machine: inout Machine, _ name: String, body: String = "ok") {
        Self.start(&machine, TestExchange(name))
        machine.responseBytesArrived()
        #expect(ConnectionOutcome(machine.receivedHead(Self.head())) == .none)
        #expect(ConnectionOutcome(machine.receivedBody(ByteBuffer(string: body), allocator: Self.allocator)) == .none)
        #expect(ConnectionOutcome(machine.receivedEnd(channelIsActive: true)) == .succeed(name, .ok, body, then: .release))
    }

    // MARK: Keep-alive

    @Test func completeKeepAliveResponseSucceedsAndReleasesTheConnection() {
        var machine = Self.machine()
        #expect(machine.isIdle)
        Self.completeExchange(&machine, "first")
        #expect(machine.isIdle)
        Self.completeExchange(&machine, "second", body: "again")
        #expect(machine.isIdle)
    }

    @Test func oneChunkBodyIsHandedOutWithoutACopy() {
        var machine = Self.machine()
        let exchange = TestExchange("a")
        Self.start(&machine, exchange)
        _ = machine.receivedHead(Self.head())
        let chunk = ByteBuffer(string: "one chunk")
        _ = machine.receivedBody(chunk, allocator: Self.allocator)
        guard case .succeed(_, let response, .release) = machine.receivedEnd(channelIsActive: true) else {
            Issue.record("expected a kept-alive success")
            return
        }
        let original = chunk.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        let handedOut = response.body.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        #expect(original == handedOut)
    }

    @Test func bodyInSeveralChunksIsAssembledIntoOneBufferSizedByContentLength() {
        var machine = Self.machine()
        Self.start(&machine, TestExchange("a"))
        _ = machine.receivedHead(Self.head(.ok, ["Content-Length": "600"]))
        let part = String(repeating: "x", count: 200)
        for _ in 0..<3 {
            #expect(ConnectionOutcome(machine.receivedBody(ByteBuffer(string: part), allocator: Self.allocator)) == .none)
        }
        guard case .succeed(_, let response, .release) = machine.receivedEnd(channelIsActive: true) else {
            Issue.record("expected a kept-alive success")
            return
        }
        #expect(String(buffer: response.body) == String(repeating: part, count: 3))
        #expect(response.body.capacity >= 600)
    }

    /// The response decoder frames HEAD, 204 and 304 answers (and drops 1xx heads) itself; the connection sees a
    /// head and an end, and keeps the connection for the next request.
    @Test(arguments: [
        ("answer to HEAD", HTTPResponseStatus.ok, HTTPHeaders([("Content-Length", "42")])),
        ("204 No Content", .noContent, HTTPHeaders()),
        ("304 Not Modified", .notModified, HTTPHeaders([("Content-Length", "42"), ("ETag", "\"v1\"")])),
    ])
    func responseWithoutBodyGetsTheEmptyBufferAndKeepsTheConnection(_ kind: String, status: HTTPResponseStatus, headers: HTTPHeaders) {
        var machine = Self.machine()
        Self.start(&machine, TestExchange("a"))
        #expect(ConnectionOutcome(machine.receivedHead(Self.head(status, headers))) == .none)
        #expect(ConnectionOutcome(machine.receivedEnd(channelIsActive: true)) == .succeed("a", status, "", then: .release), "\(kind)")
        #expect(machine.isIdle)
    }

    @Test func responseAnsweringBeforeTheRequestBodyIsReadCompletesTheExchangeAndHonoursItsClose() {
        var machine = Self.machine()
        // The request (with its body) is handed to the channel in one write; an upstream may answer before it
        // has read all of it, typically refusing it and closing.
        Self.start(&machine, TestExchange("upload"))
        machine.responseBytesArrived()
        _ = machine.receivedHead(Self.head(.payloadTooLarge, ["Connection": "close", "Content-Length": "0"]))
        #expect(
            ConnectionOutcome(machine.receivedEnd(channelIsActive: true)) == .succeed("upload", .payloadTooLarge, "", then: .close)
        )
        #expect(ConnectionOutcome(machine.channelClosed()) == .endedIdle)
    }

    @Test(arguments: [
        ("request asked Connection: close", true, HTTPVersion.http1_1, HTTPHeaders(), true),
        ("HTTP/1.0 response", false, .http1_0, HTTPHeaders(), true),
        ("response says Connection: close", false, .http1_1, HTTPHeaders([("Connection", "close")]), true),
        ("body delimited by the connection's end", false, .http1_1, HTTPHeaders(), false),
    ])
    func responseThatEndsTheConnectionClosesItInsteadOfReleasing(
        _ reason: String, closeAfterResponse: Bool, version: HTTPVersion, headers: HTTPHeaders, channelIsActive: Bool
    ) {
        var machine = Self.machine()
        Self.start(&machine, TestExchange("a"), closeAfterResponse: closeAfterResponse)
        _ = machine.receivedHead(Self.head(.ok, version: version, headers))
        _ = machine.receivedBody(ByteBuffer(string: "bye"), allocator: Self.allocator)
        #expect(ConnectionOutcome(machine.receivedEnd(channelIsActive: channelIsActive)) == .succeed("a", .ok, "bye", then: .close), "\(reason)")
        #expect(!machine.isIdle)
        #expect(ConnectionOutcome(machine.channelClosed()) == .endedIdle)
    }

    // MARK: Errors

    @Test func bodyOverTheLimitFailsWithResponseTooLargeAndCloses() {
        var machine = Self.machine(maxResponseBody: 10)
        Self.start(&machine, TestExchange("big"))
        _ = machine.receivedHead(Self.head())
        #expect(ConnectionOutcome(machine.receivedBody(ByteBuffer(string: "123456"), allocator: Self.allocator)) == .none)
        #expect(
            ConnectionOutcome(machine.receivedBody(ByteBuffer(string: "78901"), allocator: Self.allocator))
                == .fail("big", .responseTooLarge, then: .close)
        )
        // The rest of the response is ignored; the end reports no exchange.
        #expect(ConnectionOutcome(machine.receivedBody(ByteBuffer(string: "x"), allocator: Self.allocator)) == .none)
        #expect(ConnectionOutcome(machine.receivedEnd(channelIsActive: true)) == .none)
        #expect(ConnectionOutcome(machine.channelClosed()) == .endedIdle)
    }

    @Test func declaredContentLengthOverTheLimitFailsAtTheSecondChunk() {
        var machine = Self.machine(maxResponseBody: 10)
        Self.start(&machine, TestExchange("big"))
        _ = machine.receivedHead(Self.head(.ok, ["Content-Length": "11"]))
        #expect(ConnectionOutcome(machine.receivedBody(ByteBuffer(string: "1"), allocator: Self.allocator)) == .none)
        #expect(
            ConnectionOutcome(machine.receivedBody(ByteBuffer(string: "2"), allocator: Self.allocator))
                == .fail("big", .responseTooLarge, then: .close)
        )
    }

    @Test func endWithoutStatusLineFailsWithInvalidResponse() {
        var machine = Self.machine()
        Self.start(&machine, TestExchange("a"))
        #expect(
            ConnectionOutcome(machine.receivedEnd(channelIsActive: true))
                == .fail("a", .invalidResponse("response ended without a status line"), then: .close)
        )
    }

    @Test func firstPipelineErrorIsWhatTheExchangeFailsWithWhenTheChannelEnds() {
        var machine = Self.machine()
        Self.completeExchange(&machine, "first")
        Self.start(&machine, TestExchange("second"))
        #expect(ConnectionOutcome(machine.errorCaught(.tlsFailure("bad record"))) == .close)
        #expect(ConnectionOutcome(machine.errorCaught(.invalidResponse("later"))) == .none)
        #expect(ConnectionOutcome(machine.channelClosed()) == .endedFail("second", .tlsFailure("bad record")))
    }

    @Test func responseCompletingAfterAPipelineErrorIsNotKeptAlive() {
        var machine = Self.machine()
        Self.start(&machine, TestExchange("a"))
        _ = machine.receivedHead(Self.head())
        #expect(ConnectionOutcome(machine.errorCaught(.invalidResponse("trailing garbage"))) == .close)
        #expect(ConnectionOutcome(machine.receivedEnd(channelIsActive: true)) == .succeed("a", .ok, "", then: .none))
        #expect(ConnectionOutcome(machine.channelClosed()) == .endedIdle)
    }

    @Test func requestThatCannotBeSerializedFailsAndLeavesTheConnectionIdle() {
        var machine = Self.machine()
        let exchange = TestExchange("bad")
        guard case .write = machine.startExchange(exchange, mayRetryOnStaleConnection: true) else {
            Issue.record("expected a write")
            return
        }
        let error = UpstreamError.requestNotSerializable("a header has an invalid name or value")
        #expect(ConnectionOutcome(machine.requestNotWritten(error)) == .fail("bad", error, then: .release))
        #expect(machine.isIdle)
        // Still a fresh connection: one closed before answering is not a stale keep-alive connection.
        Self.start(&machine, TestExchange("next"))
        #expect(ConnectionOutcome(machine.channelClosed()) == .endedFail("next", .connectionClosed))
    }

    @Test func unsolicitedBytesOnAnIdleConnectionCloseIt() {
        var machine = Self.machine()
        #expect(ConnectionOutcome(machine.receivedHead(Self.head())) == .close)
        #expect(!machine.isIdle)
        #expect(ConnectionOutcome(machine.receivedEnd(channelIsActive: true)) == .none)
        #expect(ConnectionOutcome(machine.channelClosed()) == .endedIdle)
    }

    // MARK: Early close and the stale-connection retry

    @Test func reusedConnectionClosedBeforeAnyResponseByteIsRetried() {
        var machine = Self.machine()
        Self.completeExchange(&machine, "first")
        Self.start(&machine, TestExchange("second"))
        #expect(ConnectionOutcome(machine.channelClosed()) == .endedRetry("second"))
    }

    @Test func resetReportedAsConnectionClosedOnAReusedConnectionIsRetriedToo() {
        var machine = Self.machine()
        Self.completeExchange(&machine, "first")
        Self.start(&machine, TestExchange("second"))
        #expect(ConnectionOutcome(machine.errorCaught(.connectionClosed)) == .close)
        #expect(ConnectionOutcome(machine.channelClosed()) == .endedRetry("second"))
    }

    @Test func freshConnectionClosedBeforeAnsweringFailsWithConnectionClosed() {
        var machine = Self.machine()
        Self.start(&machine, TestExchange("first"))
        #expect(ConnectionOutcome(machine.channelClosed()) == .endedFail("first", .connectionClosed))
    }

    @Test func noRetryOnceResponseBytesArrived() {
        var machine = Self.machine()
        Self.completeExchange(&machine, "first")
        Self.start(&machine, TestExchange("second"))
        machine.responseBytesArrived()
        #expect(ConnectionOutcome(machine.channelClosed()) == .endedFail("second", .connectionClosed))
    }

    @Test func noRetryForAnExchangeThatMayNotBeRetried() {
        var machine = Self.machine()
        Self.completeExchange(&machine, "first")
        Self.start(&machine, TestExchange("post"), mayRetry: false)
        #expect(ConnectionOutcome(machine.channelClosed()) == .endedFail("post", .connectionClosed))
    }

    @Test func prematureCloseMidBodyFailsWithConnectionClosedAndIsNotRetried() {
        var machine = Self.machine()
        Self.completeExchange(&machine, "first")
        Self.start(&machine, TestExchange("second"))
        machine.responseBytesArrived()
        _ = machine.receivedHead(Self.head(.ok, ["Content-Length": "100"]))
        _ = machine.receivedBody(ByteBuffer(string: "partial"), allocator: Self.allocator)
        #expect(ConnectionOutcome(machine.channelClosed()) == .endedFail("second", .connectionClosed))
    }

    @Test func prematureCloseMidBodyReportedByTheDecoderFailsWithItsError() {
        var machine = Self.machine()
        Self.start(&machine, TestExchange("a"))
        machine.responseBytesArrived()
        _ = machine.receivedHead(Self.head(.ok, ["Content-Length": "100"]))
        _ = machine.receivedBody(ByteBuffer(string: "partial"), allocator: Self.allocator)
        let truncated = UpstreamError.invalidResponse("truncated body")
        #expect(ConnectionOutcome(machine.errorCaught(truncated)) == .close)
        #expect(ConnectionOutcome(machine.channelClosed()) == .endedFail("a", truncated))
    }

    @Test func endIsReportedOnceThoughBothInactiveAndHandlerRemovedArrive() {
        var machine = Self.machine()
        #expect(ConnectionOutcome(machine.channelClosed()) == .endedIdle)
        #expect(ConnectionOutcome(machine.channelClosed()) == .none)
        #expect(!machine.isIdle)
    }

    // MARK: Timeouts, pool closes and adoption

    @Test func abandoningTheRunningExchangeClosesAndTheEndReportsNoExchange() {
        var machine = Self.machine()
        let exchange = TestExchange("slow")
        Self.start(&machine, exchange)
        #expect(ConnectionOutcome(machine.abandon(TestExchange("other"))) == .none)
        #expect(ConnectionOutcome(machine.abandon(exchange)) == .close)
        #expect(ConnectionOutcome(machine.receivedHead(Self.head())) == .none)
        #expect(ConnectionOutcome(machine.channelClosed()) == .endedIdle)
    }

    @Test func abandoningMidBodyClosesAndTheRestOfTheResponseIsIgnored() {
        var machine = Self.machine()
        let exchange = TestExchange("slow body")
        Self.start(&machine, exchange)
        machine.responseBytesArrived()
        _ = machine.receivedHead(Self.head(.ok, ["Content-Length": "100"]))
        _ = machine.receivedBody(ByteBuffer(string: "part"), allocator: Self.allocator)
        #expect(ConnectionOutcome(machine.abandon(exchange)) == .close)
        #expect(ConnectionOutcome(machine.receivedBody(ByteBuffer(string: "rest"), allocator: Self.allocator)) == .none)
        #expect(ConnectionOutcome(machine.receivedEnd(channelIsActive: true)) == .none)
        #expect(ConnectionOutcome(machine.errorCaught(.connectionClosed)) == .none)
        #expect(ConnectionOutcome(machine.channelClosed()) == .endedIdle)
    }

    @Test func abandoningAfterAPipelineErrorDoesNotCloseTwiceAndTheEndReportsNoExchange() {
        var machine = Self.machine()
        let exchange = TestExchange("a")
        Self.start(&machine, exchange)
        #expect(ConnectionOutcome(machine.errorCaught(.tlsFailure("bad record"))) == .close)
        #expect(ConnectionOutcome(machine.abandon(exchange)) == .none)
        #expect(ConnectionOutcome(machine.channelClosed()) == .endedIdle)
    }

    @Test func timeoutRacingACompletedExchangeLeavesTheKeptAliveConnectionAlone() {
        var machine = Self.machine()
        let exchange = TestExchange("done")
        Self.start(&machine, exchange)
        _ = machine.receivedHead(Self.head())
        _ = machine.receivedEnd(channelIsActive: true)
        #expect(ConnectionOutcome(machine.abandon(exchange)) == .none)
        #expect(machine.isIdle)
    }

    @Test func timeoutOfAnExchangeWhoseRequestWasNotWrittenLeavesTheConnectionAlone() {
        var machine = Self.machine()
        let exchange = TestExchange("bad")
        _ = machine.startExchange(exchange, mayRetryOnStaleConnection: true)
        _ = machine.requestNotWritten(.requestNotSerializable("invalid host"))
        #expect(ConnectionOutcome(machine.abandon(exchange)) == .none)
        #expect(machine.isIdle)
    }

    @Test func errorsAfterACompletedKeepAliveExchangeCloseTheConnectionWithoutTouchingTheExchange() {
        var machine = Self.machine()
        Self.completeExchange(&machine, "done")
        #expect(ConnectionOutcome(machine.errorCaught(.tlsFailure("close_notify missing"))) == .close)
        #expect(ConnectionOutcome(machine.errorCaught(.connectionClosed)) == .none)
        #expect(ConnectionOutcome(machine.channelClosed()) == .endedIdle)
    }

    @Test func errorsAfterACompletedClosingExchangeAreIgnored() {
        var machine = Self.machine()
        Self.start(&machine, TestExchange("last"), closeAfterResponse: true)
        _ = machine.receivedHead(Self.head())
        #expect(ConnectionOutcome(machine.receivedEnd(channelIsActive: true)) == .succeed("last", .ok, "", then: .close))
        #expect(ConnectionOutcome(machine.errorCaught(.connectionClosed)) == .none)
        #expect(ConnectionOutcome(machine.channelClosed()) == .endedIdle)
        #expect(ConnectionOutcome(machine.errorCaught(.connectionClosed)) == .none)
        #expect(ConnectionOutcome(machine.channelClosed()) == .none)
    }

    @Test func closeRequestedWhileRunningFailsTheExchangeWhenTheChannelEnds() {
        var machine = Self.machine()
        Self.start(&machine, TestExchange("a"))
        #expect(ConnectionOutcome(machine.closeRequested()) == .close)
        #expect(ConnectionOutcome(machine.closeRequested()) == .none)
        #expect(ConnectionOutcome(machine.channelClosed()) == .endedFail("a", .connectionClosed))
    }

    @Test func closingOrClosedConnectionRefusesNewExchanges() {
        var machine = Self.machine()
        #expect(ConnectionOutcome(machine.closeRequested()) == .close)
        #expect(ConnectionOutcome(machine.closeRequested()) == .none)
        guard case .fail(.connectionClosed) = machine.startExchange(TestExchange("late"), mayRetryOnStaleConnection: true) else {
            Issue.record("expected connectionClosed")
            return
        }
        _ = machine.channelClosed()
        guard case .fail(.connectionClosed) = machine.startExchange(TestExchange("later"), mayRetryOnStaleConnection: true) else {
            Issue.record("expected connectionClosed")
            return
        }
    }

    @Test func connectionClosingBeforeAdoptionCannotBeAdoptedAndReportsNothing() {
        var machine = Machine(maxResponseBody: 10, emptyBody: Self.allocator.buffer(capacity: 0))
        #expect(!machine.isIdle)
        #expect(ConnectionOutcome(machine.errorCaught(.tlsFailure("handshake"))) == .close)
        let adopted = machine.adopted()
        #expect(!adopted)
        #expect(ConnectionOutcome(machine.channelClosed()) == .none)
    }

    @Test func connectionEndingBeforeAdoptionReportsNothing() {
        var machine = Machine(maxResponseBody: 10, emptyBody: Self.allocator.buffer(capacity: 0))
        #expect(ConnectionOutcome(machine.channelClosed()) == .none)
        let adopted = machine.adopted()
        #expect(!adopted)
    }
}
