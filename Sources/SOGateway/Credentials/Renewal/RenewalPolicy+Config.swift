import GatewayConfig
import NIOCore

extension RenewalPolicy {
    /// The timing of `upstream.renewal`, so operators tune renewal in gateway.yml rather than in code.
    public init(_ config: RenewalConfig) {
        self.init(
            margin: config.margin, failureBackoff: config.failureBackoff, ticketLifetime: config.ticketLifetime,
            requestTimeout: config.requestTimeout
        )
    }
}
