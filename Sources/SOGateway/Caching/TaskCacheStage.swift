import Coalescing
import GatewayCompression
import GatewayConfig
import GatewayClock
import NIOCore
import NIOHTTP1
import TaskCache

/// Answers `GetBatchTaskInfosByAssociates` (and the configured sibling Batch calls) from memory.
///
/// The key is the upstream identity + the normalised associate set + `$select` + representation + the
/// language, culture and time-zone headers actually sent upstream, so it sits after the header stage and
/// before the credentials stage: entries are never shared across identities, and credential headers
/// (which rotate) never enter the key. Answers are stored gzip-compressed once and served as stored.
///
/// Each answer is fresh for its own lifetime: `cache.ttl` when every task in it is finished, `cache.active_ttl`
/// when one may still move on (`TaskAnswerFacts`). Writes evict through `TaskWriteStage`.
public struct TaskCacheStage: GatewayStage {
    let state: TaskCacheState
    let policy: FreshnessPolicy
    let compressionLevel: Int
    /// Bound for decoding upstream's gzip before validating and storing an answer.
    let maxDecodedSize: Int
    /// The rate limit of clients whose cache hits do not count (`count_cache_hits: false`), checked before a
    /// miss starts or joins a fill: an over-limit client is refused on its own and never hands its 429 to the
    /// partners sharing the fill.
    let missGate: ClientRateLimitStage?

    public init(state: TaskCacheState, compressionLevel: Int, maxDecodedSize: Int, missGate: ClientRateLimitStage? = nil) {
        self.state = state
        self.policy = FreshnessPolicy(
            ttl: state.settings.ttl, activeTTL: state.settings.activeTTL,
            staleWhileRevalidate: state.settings.staleWhileRevalidate, staleIfError: state.settings.staleIfError
        )
        self.compressionLevel = compressionLevel
        self.maxDecodedSize = maxDecodedSize
        self.missGate = missGate
    }

    public func handle(_ request: GatewayRequest, next: StageChain.Next) -> EventLoopFuture<GatewayResponse> {
        guard case .task(let endpoint, let target) = request.route, let identity = request.client?.identity else {
            return next(request)
        }
        if let refusal = TaskBodyEncoding.problem(for: request.head.headers) {
            state.counters.count(.rejectedBody)
            var response = refusal.response(requestId: request.requestId)
            response.annotations.cacheStatus = CacheStatus.bypassInvalid
            return request.eventLoop.makeSucceededFuture(response)
        }
        let parsed: TaskRequestBody
        do {
            parsed = try TaskRequestParser.parse(
                body: request.body ?? ByteBuffer(), contentType: request.head.headers.first(name: "Content-Type"),
                endpoint: endpoint, maxIds: state.settings.maxIds
            )
        } catch {
            state.counters.count(.rejectedBody)
            var response = Problem.invalidTaskRequest(detail: error.detail).response(requestId: request.requestId)
            response.annotations.cacheStatus = CacheStatus.bypassInvalid
            return request.eventLoop.makeSucceededFuture(response)
        }
        let sent = request.upstreamHeaders
        let key = TaskCacheKey(
            identity: identity.id, endpoint: endpoint, body: parsed,
            select: SelectNormalizer.normalize(QueryParameters.value(named: "$select", in: target)),
            representation: Representation.from(accept: request.head.headers.first(name: "Accept")),
            language: sent.first(name: "SO-Language") ?? "", acceptLanguage: sent.first(name: "Accept-Language") ?? "",
            culture: sent.first(name: "SO-Culture") ?? "", timeZone: sent.first(name: "SO-TimeZone") ?? ""
        )
        let view = ClientView(
            acceptsGzip: AcceptEncoding(request.head.headers["Accept-Encoding"]).accepts(.gzip),
            ifNoneMatch: request.head.headers["If-None-Match"]
        )
        if state.settings.composeByAssociate, endpoint == .getBatchTaskInfosByAssociates, key.body.associates.count > 1 {
            return composed(key, request: request, next: next, view: view)
        }
        if let entry = state.store.get(key) {
            let now = state.clock.now()
            let age = now - entry.storedAt
            switch freshness(of: entry, now: now) {
            case .fresh(let remaining):
                state.counters.count(.hit)
                return request.eventLoop.makeSucceededFuture(
                    render(entry, cacheStatus: CacheStatus.hit(ttlSeconds: Self.seconds(remaining)), age: age, view: view)
                )
            case .staleWhileRevalidate:
                state.counters.count(.staleServed)
                refreshInBackground(key, request: request, next: next)
                let overdue = effectiveLifetime(of: entry) - age
                return request.eventLoop.makeSucceededFuture(
                    render(entry, cacheStatus: CacheStatus.staleWhileRevalidate(ttlSeconds: Self.seconds(overdue)), age: age, view: view)
                )
            case .staleIfErrorOnly, .expired:
                break
            }
        }
        state.counters.count(.miss)
        return admitted(request) { request in fill(key, request: request, next: next, view: view) }
    }

    /// How a particular partner wants the answer: encoding and its validator.
    struct ClientView {
        var acceptsGzip: Bool
        var ifNoneMatch: [String]
    }

    /// What one upstream fill produced, shared by every coalesced waiter.
    enum FillOutcome: Sendable {
        /// A usable answer; `stored` is false when a write to its associates finished while it was read.
        case answer(CachedAnswer, stored: Bool)
        /// Another replica's answer, read from the shared tier (`cache.shared_store`).
        case shared(CachedAnswer)
        /// Not usable (see `UpstreamOutcome`): passed on, or replaced by a stale copy where allowed.
        case unusable(UpstreamOutcome.Unusable)
    }

    /// Runs `body` once the client's own rate limit (for `count_cache_hits: false`) admits a miss.
    func admitted(
        _ request: GatewayRequest, _ body: @escaping @Sendable (GatewayRequest) -> EventLoopFuture<GatewayResponse>
    ) -> EventLoopFuture<GatewayResponse> {
        guard let missGate else { return body(request) }
        return missGate.handle(request, next: .ending(in: body))
    }

    /// The answer's lifetime, capped at `active_ttl` while the bus cannot hear other replicas.
    func effectiveLifetime(of answer: CachedAnswer) -> TimeAmount {
        guard let cap = state.freshnessCap else { return answer.lifetime }
        return min(answer.lifetime, cap)
    }

    /// While the bus cannot hear other replicas, nothing older than `active_ttl` is served, stale windows included:
    /// an invalidation may have been missed.
    func freshness(of answer: CachedAnswer, now: NIODeadline) -> Freshness {
        let verdict = policy.evaluate(age: now - answer.storedAt, lifetime: effectiveLifetime(of: answer))
        if case .fresh = verdict { return verdict }
        return state.freshnessCap == nil ? verdict : .expired
    }

    func fill(_ key: TaskCacheKey, request: GatewayRequest, next: StageChain.Next, view: ClientView) -> EventLoopFuture<GatewayResponse> {
        let ticket = state.store.startFill(for: key.body.associates)
        let upstreamRequest = Self.canonical(request, key: key)
        let (future, joined) = state.fills.run(FillKey(key: key, generation: ticket.generation), on: request.eventLoop) {
            fillWhole(key, upstreamRequest: upstreamRequest, ticket: ticket, on: request.eventLoop, next: next)
        }
        if joined {
            state.counters.count(.coalescedWait)
        }
        return future.map { outcome in
            switch outcome {
            case .answer(let answer, let stored):
                let status = joined ? CacheStatus.collapsed : (stored ? CacheStatus.stored : CacheStatus.notStoredAfterWrite)
                return render(answer, cacheStatus: status, age: .zero, view: view)
            case .shared(let answer):
                let now = state.clock.now()
                let remaining = answer.lifetime - (now - answer.storedAt)
                let status = joined ? CacheStatus.collapsed : CacheStatus.sharedHit(ttlSeconds: Self.seconds(remaining))
                return render(answer, cacheStatus: status, age: now - answer.storedAt, view: view)
            case .unusable(let outcome):
                return respond(to: outcome, stale: key, view: view)
            }
        }
    }

    /// The partner's answer when a fill brought nothing storable: the stale copy still held under `stale`
    /// where `stale_if_error` allows it and upstream failed, otherwise upstream's (or the gateway's) answer.
    /// The copy is looked up now, not when the request came: a write meanwhile has evicted it.
    func respond(to outcome: UpstreamOutcome.Unusable, stale: TaskCacheKey, view: ClientView) -> GatewayResponse {
        switch outcome {
        case .failed(let response):
            if let entry = state.store.peek(stale), Self.servableOnError(freshness(of: entry, now: state.clock.now())) {
                state.counters.count(.staleServed)
                return render(
                    entry, cacheStatus: CacheStatus.staleIfError(upstreamStatus: response.status.code),
                    age: state.clock.now() - entry.storedAt, view: view
                )
            }
            return Self.notStored(response)
        case .passOn(let response):
            return Self.notStored(response)
        }
    }

    static func notStored(_ response: GatewayResponse) -> GatewayResponse {
        var response = response
        response.annotations.cacheStatus = CacheStatus.notStored
        response.headers.replaceOrAdd(name: "Cache-Status", value: CacheStatus.notStored)
        return response
    }

    /// Whether a stale answer in this freshness state may stand in for a failed upstream call.
    static func servableOnError(_ freshness: Freshness) -> Bool {
        switch freshness {
        case .staleIfErrorOnly, .staleWhileRevalidate: return true
        case .fresh, .expired: return false
        }
    }

    private func refreshInBackground(_ key: TaskCacheKey, request: GatewayRequest, next: StageChain.Next) {
        // One refresh per key at a time; the serving request does not wait for it.
        let ticket = state.store.startFill(for: key.body.associates)
        let upstreamRequest = Self.canonical(request, key: key)
        _ = state.refreshes.run(FillKey(key: key, generation: ticket.generation), on: request.eventLoop) {
            fillWhole(key, upstreamRequest: upstreamRequest, ticket: ticket, on: request.eventLoop, next: next)
        }
    }

    /// A whole answer for `key`: from the shared tier when another replica has it, otherwise from upstream
    /// (coalesced across replicas), stored here and shared.
    func fillWhole(
        _ key: TaskCacheKey, upstreamRequest: GatewayRequest, ticket: FillTicket, on eventLoop: any EventLoop, next: StageChain.Next
    ) -> EventLoopFuture<FillOutcome> {
        let digest = key.digest
        return throughSharedTier([(digest, key.body.associates)], fillAssociates: key.body.associates, lockDigest: digest, on: eventLoop) { read in
            if let entry = read?.entries[0], let adopted = adopt(entry, under: key, ticket: ticket) {
                return eventLoop.makeSucceededFuture(.shared(adopted.answer))
            }
            state.counters.count(.upstreamCall)
            return next(upstreamRequest).map { response in
                storeWhole(key, response: response, ticket: ticket, requestId: upstreamRequest.requestId, sharing: read?.ticket, on: eventLoop)
            }
        }
    }

    /// The request as it goes upstream on a miss: the body is the canonical JSON the key was built from,
    /// so upstream answers exactly the question the entry is stored under (a body upstream would read
    /// differently from our parser can never put an answer under the wrong key for other partners).
    static func canonical(_ request: GatewayRequest, key: TaskCacheKey) -> GatewayRequest {
        var request = request
        request.body = key.body.canonicalJSON(for: key.endpoint, allocator: ByteBufferAllocator())
        request.upstreamHeaders.replaceOrAdd(name: "Content-Type", value: "application/json; charset=utf-8")
        request.upstreamHeaders.remove(name: "Content-Encoding")
        return request
    }

    /// Stores a usable whole answer (unless a write to its associates finished since the fill started), and
    /// shares it when the fill read the shared tier first (`sharing`).
    func storeWhole(
        _ key: TaskCacheKey, response: GatewayResponse, ticket: FillTicket, requestId: String, sharing: SharedTicket?, on eventLoop: any EventLoop
    ) -> FillOutcome {
        let outcome = UpstreamOutcome.classify(response, representation: key.representation, maxDecodedSize: maxDecodedSize, requestId: requestId)
        let upstream: UpstreamAnswer
        switch outcome {
        case .usable(let answer): upstream = answer
        case .unusable(let unusable): return .unusable(unusable)
        }
        let facts = TaskAnswerFacts.read(upstream.identityBody, representation: key.representation)
        guard let answer = compress(upstream, associates: key.body.associates, storedAt: state.clock.now(), lifetime: policy.lifetime(hasActiveTask: facts.hasActiveTask)) else {
            return .unusable(.passOn(response))
        }
        let stored = store(answer, under: key, tasks: facts.tasks, ticket: ticket)
        if stored {
            share([(key, answer, facts.tasks)], ticket: sharing, on: eventLoop)
        }
        return .answer(answer, stored: stored)
    }

    /// Stores an answer unless it was read before an invalidation of its associates; counts either way.
    func store(_ answer: CachedAnswer, under key: TaskCacheKey, tasks: [TaskRef], ticket: FillTicket) -> Bool {
        let stored = state.store.put(key, answer, tasks: tasks, ticket: ticket)
        state.counters.count(stored ? .store : .discardedFill)
        return stored
    }

    /// Compresses an answer once; nil when it cannot be compressed.
    func compress(_ upstream: UpstreamAnswer, associates: AssociateSet, storedAt: NIODeadline, lifetime: TimeAmount) -> CachedAnswer? {
        guard var answer = try? CachedAnswer.make(
            identityBody: upstream.identityBody, contentType: upstream.contentType, associates: associates,
            level: compressionLevel, now: storedAt, lifetime: lifetime, allocator: ByteBufferAllocator()
        ) else {
            return nil
        }
        if let upstreamGzip = upstream.upstreamGzip, upstreamGzip.readableBytes < answer.gzipBody.readableBytes {
            // Upstream's own gzip is as valid and smaller: keep a right-sized copy of it instead of ours
            // (the received bytes may be a slice of a larger read buffer that must not stay alive).
            var copy = ByteBufferAllocator().buffer(capacity: upstreamGzip.readableBytes)
            copy.writeImmutableBuffer(upstreamGzip)
            answer.gzipBody = copy
        }
        return answer
    }

    /// The cached answer as this partner gets it: gzip bytes as stored (the encoding stage decodes them
    /// for partners that do not accept gzip), validators, age and cache status; 304 when If-None-Match matches.
    func render(_ answer: CachedAnswer, cacheStatus: String, age: TimeAmount, view: ClientView) -> GatewayResponse {
        let etag = view.acceptsGzip ? Self.gzipVariant(of: answer.etag) : answer.etag
        var headers = HTTPHeaders()
        headers.reserveCapacity(8)
        headers.add(name: "ETag", value: etag)
        headers.add(name: "Age", value: String(Self.seconds(age)))
        headers.add(name: "Cache-Status", value: cacheStatus)
        headers.add(name: "Vary", value: "Accept-Encoding")
        if Self.matches(view.ifNoneMatch, answer.etag) {
            var response = GatewayResponse(status: .notModified, headers: headers, body: nil)
            response.annotations.cacheStatus = cacheStatus
            return response
        }
        headers.add(name: "Content-Type", value: answer.contentType)
        headers.add(name: "Content-Encoding", value: "gzip")
        var response = GatewayResponse(status: .ok, headers: headers, body: answer.gzipBody)
        response.annotations.cacheStatus = cacheStatus
        return response
    }

    /// The strong validator of the gzip representation: the identity ETag with a `-gz` suffix.
    static func gzipVariant(of etag: String) -> String {
        guard etag.hasSuffix("\"") else { return etag }
        return String(etag.dropLast()) + "-gz\""
    }

    /// If-None-Match uses weak comparison (RFC 9110 §13.1.2); either representation's tag validates.
    static func matches(_ ifNoneMatch: [String], _ etag: String) -> Bool {
        if ifNoneMatch.isEmpty { return false }
        let gz = gzipVariant(of: etag)
        for value in ifNoneMatch {
            for raw in value.split(separator: ",") {
                var tag = raw.trimmingSpaces()
                if tag == "*" { return true }
                if tag.hasPrefix("W/") { tag = tag.dropFirst(2) }
                if tag == etag || tag == gz { return true }
            }
        }
        return false
    }

    static func seconds(_ amount: TimeAmount) -> Int {
        max(0, Int(amount.nanoseconds / 1_000_000_000))
    }
}
