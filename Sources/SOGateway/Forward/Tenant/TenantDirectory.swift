import GatewayConfig
import NIOConcurrencyHelpers
import NIOCore
import UpstreamTransport

/// Keeps one `TenantLocator` per configured tenant across reloads, so a reload neither forgets the resolved host
/// nor stops serving while it resolves again.
public final class TenantDirectory: Sendable {
    private let locators = NIOLockedValueBox([TenantConfig: TenantLocator]())

    /// Where tenant discovery spans go, when tracing.
    let spans: (any SpanSource)?

    public init() {
        self.spans = nil
    }

    init(spans: (any SpanSource)?) {
        self.spans = spans
    }

    /// The locator for `tenant`, created on first use.
    public func locator(for tenant: TenantConfig, transport: any UpstreamTransport) -> TenantLocator {
        locators.withLockedValue { table in
            if let existing = table[tenant] { return existing }
            let created = TenantLocator(tenant: tenant, transport: transport, spans: spans)
            table[tenant] = created
            return created
        }
    }

    /// For `/readyz`: nil when `tenant` is located and running, else why not.
    public func readinessProblem(for tenant: TenantConfig, on eventLoop: any EventLoop) -> EventLoopFuture<String?> {
        guard let locator = locators.withLockedValue({ $0[tenant] }) else {
            return eventLoop.makeSucceededFuture("tenant \(tenant.context) is not configured")
        }
        return locator.readinessProblem(on: eventLoop)
    }
}
