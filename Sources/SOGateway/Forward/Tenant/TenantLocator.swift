import Coalescing
import GatewayConfig
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import UpstreamTransport

/// `upstream.tenant`: finds the tenant's current API host from SuperOffice's tenant-state endpoint, resolves again
/// (single flight) when upstream answers 421, and refreshes periodically. Until the first resolution succeeds
/// there is no base, and nothing is forwarded.
public final class TenantLocator: UpstreamLocator {
    public let tenant: TenantConfig
    private let client: SuperOfficeServiceClient
    private let refreshInterval: TimeAmount
    private let logger: Logger
    private let state = NIOLockedValueBox(State())
    /// Concurrent resolutions (421s from many requests, readiness, the refresh timer) share one lookup.
    private let lookups = SingleFlight<String, TenantState>()
    /// When tracing: one span per tenant-state lookup.
    private let spans: (any SpanSource)?

    private struct State: Sendable {
        var resolved: TenantState?
        var refreshTask: RepeatedTask?
        var resolutions = 0
    }

    /// - Parameters:
    ///   - timeout: the whole-exchange timeout of one tenant-state call.
    ///   - refreshInterval: how often the state is fetched again once known.
    public convenience init(
        tenant: TenantConfig, transport: any UpstreamTransport, timeout: TimeAmount = .seconds(10),
        refreshInterval: TimeAmount = .minutes(5), logger: Logger = Logger(label: "so-gateway.tenant")
    ) {
        self.init(tenant: tenant, transport: transport, timeout: timeout, refreshInterval: refreshInterval, logger: logger, spans: nil)
    }

    init(
        tenant: TenantConfig, transport: any UpstreamTransport, timeout: TimeAmount = .seconds(10),
        refreshInterval: TimeAmount = .minutes(5), logger: Logger = Logger(label: "so-gateway.tenant"), spans: (any SpanSource)?
    ) {
        self.spans = spans
        self.tenant = tenant
        self.client = SuperOfficeServiceClient(transport: transport, timeout: timeout)
        self.refreshInterval = refreshInterval
        self.logger = logger
    }

    deinit {
        state.withLockedValue { $0.refreshTask }?.cancel()
    }

    public func currentBase() -> UpstreamBase? {
        state.withLockedValue { $0.resolved?.base }
    }

    /// The last state SuperOffice reported, nil before the first successful resolution.
    public var currentState: TenantState? {
        state.withLockedValue { $0.resolved }
    }

    /// How many tenant-state calls completed successfully (for tests and metrics).
    public var resolutionCount: Int {
        state.withLockedValue { $0.resolutions }
    }

    /// Fetches the tenant state; concurrent callers share one call. Fails when the answer names no API address.
    public func resolve(on eventLoop: any EventLoop) -> EventLoopFuture<UpstreamBase> {
        let lookup = lookups.run(tenant.context, on: eventLoop) { fetch(on: eventLoop) }
        let context = tenant.context
        return lookup.future.flatMapThrowing { resolved in
            guard let base = resolved.base else {
                throw TenantLookupError("SuperOffice names no API address for tenant \(context) (state \(resolved.stateName)).")
            }
            return base
        }
    }

    /// After a 421 from `misdirected`: the base another request found meanwhile, or a new resolution.
    public func rediscover(after misdirected: UpstreamBase, on eventLoop: any EventLoop) -> EventLoopFuture<UpstreamBase> {
        if let current = currentBase(), current != misdirected {
            return eventLoop.makeSucceededFuture(current)
        }
        return resolve(on: eventLoop)
    }

    /// For `/readyz`: nil when the tenant is located and running, else why not (resolving first if never done).
    public func readinessProblem(on eventLoop: any EventLoop) -> EventLoopFuture<String?> {
        if let resolved = currentState {
            return eventLoop.makeSucceededFuture(describe(resolved))
        }
        return resolve(on: eventLoop).map { _ in
            self.currentState.flatMap { self.describe($0) }
        }.recover { error in
            "tenant \(self.tenant.context) not located: \((error as? TenantLookupError)?.partnerMessage ?? "unknown error")"
        }
    }

    private func describe(_ resolved: TenantState) -> String? {
        if resolved.base == nil { return "tenant \(tenant.context) has no API address (\(resolved.stateName))" }
        return resolved.isRunning ? nil : "tenant \(tenant.context) is \(resolved.stateName)"
    }

    /// One tenant-state call; its outcome is recorded before the callers sharing it see it.
    private func fetch(on eventLoop: any EventLoop) -> EventLoopFuture<TenantState> {
        let context = tenant.context
        let span = spans?.startRenewalSpan("tenant discovery", attributes: ["so_gateway.tenant": context])
        return client.send(
            .GET, to: tenant.environment.baseURL, path: "/api/state/" + context, service: "SuperOffice's tenant state endpoint",
            on: eventLoop
        ).flatMapError { error in
            eventLoop.makeFailedFuture(TenantLookupError((error as? CredentialError)?.partnerMessage ?? "The tenant state could not be read."))
        }.flatMapThrowing { response in
            guard response.status == .ok else {
                throw TenantLookupError("SuperOffice's tenant state endpoint answered HTTP \(response.status.code) for \(context).")
            }
            guard let document = JSONBody.object(response.body), let parsed = TenantState.parse(document) else {
                throw TenantLookupError("SuperOffice's tenant state endpoint sent an answer without a tenant state for \(context).")
            }
            return parsed
        }.always { result in
            span?.finished(result)
            self.record(result, on: eventLoop)
        }
    }

    private func record(_ result: Result<TenantState, any Error>, on eventLoop: any EventLoop) {
        let (startTimer, previous) = state.withLockedValue { state -> (Bool, TenantState?) in
            let previous = state.resolved
            if case .success(let resolved) = result {
                state.resolved = resolved
                state.resolutions += 1
            }
            // On failure a known base stays in use: a failed refresh must not stop traffic that works.
            let startTimer = state.refreshTask == nil && state.resolved != nil
            return (startTimer, previous)
        }
        switch result {
        case .success(let resolved) where resolved != previous:
            logger.notice(
                "tenant located",
                metadata: [
                    "context": .string(tenant.context), "state": .string(resolved.stateName),
                    "api": .string(resolved.base.map { $0.endpoint.description + $0.basePath } ?? "none"),
                ]
            )
        case .success:
            break
        case .failure(let error):
            logger.warning(
                "tenant state lookup failed",
                metadata: [
                    "context": .string(tenant.context),
                    "reason": .string((error as? TenantLookupError)?.partnerMessage ?? "unknown"),
                    "keeping_known_host": .stringConvertible(previous?.base != nil),
                ]
            )
        }
        if startTimer {
            scheduleRefresh(on: eventLoop)
        }
    }

    private func scheduleRefresh(on eventLoop: any EventLoop) {
        let task = eventLoop.scheduleRepeatedTask(initialDelay: refreshInterval, delay: refreshInterval) { [weak self] task in
            guard let self else {
                task.cancel()
                return
            }
            _ = self.resolve(on: eventLoop)
        }
        let duplicate = state.withLockedValue { state -> Bool in
            if state.refreshTask != nil { return true }
            state.refreshTask = task
            return false
        }
        if duplicate { task.cancel() }
    }
}
