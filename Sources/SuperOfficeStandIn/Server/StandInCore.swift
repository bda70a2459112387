import Foundation
import GatewayClock
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1

/// The stand-in's brain, shared by every connection: records each request, applies armed faults, routes and
/// finishes the answer. All mutable state sits behind one lock; handlers only execute the returned plan.
final class StandInCore: Sendable {
    let configuration: StandInConfiguration
    let state: NIOLockedValueBox<StandInState>
    private let router: StandInRouter
    private let finisher: ResponseFinisher

    init(configuration: StandInConfiguration) {
        self.configuration = configuration
        state = NIOLockedValueBox(StandInState(configuration: configuration, now: configuration.clock.now()))
        router = StandInRouter(configuration: configuration)
        finisher = ResponseFinisher(
            affinity: RandomToken.hex(bytes: 32), gzipResponses: configuration.gzipResponses,
            gzipThresholdBytes: configuration.gzipThresholdBytes
        )
    }

    /// Decides the answer to one complete request.
    func plan(for request: StandInRequest, remoteAddress: String?, localPort: Int) -> ResponsePlan {
        let received = ReceivedRequest(
            method: request.method.rawValue, path: request.path, query: request.query,
            headers: request.headers.map { ($0.name, $0.value) }, body: request.body, remoteAddress: remoteAddress
        )
        let host = request.header("Host") ?? "127.0.0.1:\(localPort)"
        // Routing happens under the lock; cookies and gzip (the expensive part) are added outside it.
        let (plan, finish) = state.withLockedValue { state -> (ResponsePlan, Bool) in
            let context = RouteContext(
                request: request, now: state.now(configuration.clock),
                nowEpoch: state.nowEpoch(configuration.clock),
                baseURL: "http://" + host
            )
            state.received.append(received)
            let fault = state.takeFault(path: request.path)
            switch fault {
            case .none:
                return (.respond(route(context, state: &state), after: nil, heldBy: nil), true)
            case .delay(let amount):
                return (.respond(route(context, state: &state), after: amount, heldBy: nil), true)
            case .status(let code, let headers, let body):
                var response = StandInResponse(status: HTTPResponseStatus(statusCode: code), body: Array(body.utf8))
                for (name, value) in headers { response.headers.add(name: name, value: value) }
                if !body.isEmpty, !response.headers.contains(name: "Content-Type") {
                    let looksJSON = body.first == "{" || body.first == "["
                    response.headers.add(name: "Content-Type", value: looksJSON ? StandInResponse.jsonContentType : "text/plain; charset=utf-8")
                }
                return (.respond(response, after: nil, heldBy: nil), false)
            case .resetBeforeResponse:
                return (.resetBeforeResponse, false)
            case .resetMidBody:
                var response = route(context, state: &state)
                if response.body.count < 2 { response.body = Array(String(repeating: " ", count: 64).utf8) }
                return (.resetMidBody(response), false)
            case .malformedJSON:
                let cutOff = "{\"Id\":1,\"Name\":\"Export\",\"State\":"
                return (.respond(.text(cutOff, status: .ok, contentType: StandInResponse.jsonContentType), after: nil, heldBy: nil), false)
            case .truncatedGzip:
                var response = route(context, state: &state)
                let compressed = ResponseFinisher.gzip(response.body) ?? []
                response.status = .ok
                response.body = Array(compressed.prefix(max(1, compressed.count / 2)))
                response.headers.replaceOrAdd(name: "Content-Type", value: StandInResponse.jsonContentType)
                response.headers.replaceOrAdd(name: "Content-Encoding", value: "gzip")
                return (.respond(response, after: nil, heldBy: nil), false)
            case .nullBody:
                return (.respond(.json(.null), after: nil, heldBy: nil), false)
            }
        }
        guard case .respond(var response, let delay, _) = plan else { return plan }
        // The answer (and any write) is settled now; a hold only postpones sending it.
        let gate = state.withLockedValue { $0.takeHold(path: request.path) }
        if finish { response = finisher.finish(response, for: request) }
        return .respond(response, after: delay, heldBy: gate)
    }

    private func route(_ context: RouteContext, state: inout StandInState) -> StandInResponse {
        router.route(context, state: &state)
    }
}
