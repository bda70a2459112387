import NIOCore

/// One step of the request path, in the manner of an Envoy filter: it sees the request once, in order,
/// and either answers early or calls `next`, and may reshape the answer on its way back.
///
/// Stages run on the connection's event loop; they must not block. A stage that needs I/O returns
/// the future of that I/O; a stage that does not simply returns `next(request)`.
public protocol GatewayStage: Sendable {
    func handle(_ request: GatewayRequest, next: StageChain.Next) -> EventLoopFuture<GatewayResponse>
}

/// The ordered stages of the request path. The last stage is expected to answer without calling `next`.
public struct StageChain: Sendable {
    let stages: [any GatewayStage]

    public init(_ stages: [any GatewayStage]) {
        self.stages = stages
    }

    /// Runs the request through every stage in order.
    public func run(_ request: GatewayRequest) -> EventLoopFuture<GatewayResponse> {
        Next(chain: self, index: 0)(request)
    }

    /// The rest of the chain, handed to a stage so it can continue the request.
    public struct Next: Sendable {
        let chain: StageChain
        let index: Int

        public func callAsFunction(_ request: GatewayRequest) -> EventLoopFuture<GatewayResponse> {
            guard index < chain.stages.count else {
                // A chain always ends in a stage that answers; reaching here is a wiring error.
                return request.eventLoop.makeSucceededFuture(
                    Problem.internalError(detail: "the request reached the end of the stage chain")
                        .response(requestId: request.requestId)
                )
            }
            return chain.stages[index].handle(request, next: Next(chain: chain, index: index + 1))
        }
    }
}

extension StageChain.Next {
    /// A `next` that ends in `body`, for a stage that runs another stage around work of its own (the task
    /// cache runs the client's rate limit around a fill).
    static func ending(in body: @escaping @Sendable (GatewayRequest) -> EventLoopFuture<GatewayResponse>) -> StageChain.Next {
        StageChain.Next(chain: StageChain([ClosureStage(body: body)]), index: 0)
    }
}

/// A stage that is just a function, the end of a `StageChain.Next.ending(in:)` chain.
private struct ClosureStage: GatewayStage {
    let body: @Sendable (GatewayRequest) -> EventLoopFuture<GatewayResponse>

    func handle(_ request: GatewayRequest, next: StageChain.Next) -> EventLoopFuture<GatewayResponse> {
        body(request)
    }
}
