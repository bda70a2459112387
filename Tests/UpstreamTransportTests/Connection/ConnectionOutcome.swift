import NIOCore
import NIOHTTP1

@testable import UpstreamTransport

/// A connection's action in a form tests can compare: exchanges by name, responses by status and body text.
enum ConnectionOutcome: Equatable {
    case none
    case close
    case succeed(String, HTTPResponseStatus, String, then: UpstreamConnectionStateMachine<TestExchange>.Next)
    case fail(String, UpstreamError, then: UpstreamConnectionStateMachine<TestExchange>.Next)
    case endedIdle
    case endedRetry(String)
    case endedFail(String, UpstreamError)

    init(_ action: UpstreamConnectionStateMachine<TestExchange>.Action) {
        switch action {
        case .none:
            self = .none
        case .close:
            self = .close
        case .succeed(let exchange, let response, let next):
            self = .succeed(exchange.name, response.status, String(buffer: response.body), then: next)
        case .fail(let exchange, let error, let next):
            self = .fail(exchange.name, error, then: next)
        case .reportEnd(.idle):
            self = .endedIdle
        case .reportEnd(.retry(let exchange)):
            self = .endedRetry(exchange.name)
        case .reportEnd(.fail(let exchange, let error)):
            self = .endedFail(exchange.name, error)
        }
    }
}
