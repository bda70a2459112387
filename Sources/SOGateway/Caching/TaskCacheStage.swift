import GatewayCompression
import GatewayConfig
import NIOCore
import NIOHTTP1
import TaskCache

/// Answers `GetBatchTaskInfosByAssociates` (and the configured sibling Batch calls) from memory.
///
/// The key is the upstream identity + the normalised associate set + `$select` + representation + the
/// language, culture and time-zone headers actually sent upstream, so it sits after the header stage and
/// before the credentials stage: entries are never shared across identities, and credential headers
/// (which rotate) never enter the key. Answers are stored gzip-compressed once and served as stored.
public struct TaskCacheStage: GatewayStage {
    let state: TaskCacheState
    let policy: FreshnessPolicy
    let compressionLevel: Int
    /// Bound for decoding upstream's gzip before validating and storing an answer.
    let maxDecodedSize: Int

    public init(state: TaskCacheState, compressionLevel: Int, maxDecodedSize: Int) {
        self.state = state
        self.policy = FreshnessPolicy(
            ttl: state.settings.ttl, staleWhileRevalidate: state.settings.staleWhileRevalidate,
            staleIfError: state.settings.staleIfError
        )
        self.compressionLevel = compressionLevel
        self.maxDecodedSize = maxDecodedSize
    }

    public func handle(_ request: GatewayRequest, next: StageChain.Next) -> EventLoopFuture<GatewayResponse> {
        guard case .task(let endpoint, let target) = request.route, let identity = request.client?.identity else {
            return next(request)
        }
        if let refusal = TaskBodyEncoding.problem(for: request.head.headers) {
            state.counters.record { $0.rejectedBodies += 1 }
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
            state.counters.record { $0.rejectedBodies += 1 }
            var response = Problem(
                status: .badRequest, slug: "invalid-task-request", title: "Bad Request", detail: error.detail
            ).response(requestId: request.requestId)
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
        let now = NIODeadline.now()
        if state.settings.composeByAssociate, endpoint == .getBatchTaskInfosByAssociates, key.body.associates.count > 1 {
            return composed(key, request: request, next: next, view: view, now: now)
        }
        if let entry = state.store.get(key) {
            let age = now - entry.storedAt
            switch policy.evaluate(age: age) {
            case .fresh(let remaining):
                state.counters.record { $0.hits += 1 }
                return request.eventLoop.makeSucceededFuture(
                    render(entry, cacheStatus: CacheStatus.hit(ttlSeconds: Self.seconds(remaining)), age: age, view: view)
                )
            case .staleWhileRevalidate:
                state.counters.record { $0.staleServed += 1 }
                refreshInBackground(key, request: request, next: next)
                let overdue = policy.ttl - age
                return request.eventLoop.makeSucceededFuture(
                    render(entry, cacheStatus: CacheStatus.staleWhileRevalidate(ttlSeconds: Self.seconds(overdue)), age: age, view: view)
                )
            case .staleIfErrorOnly:
                state.counters.record { $0.misses += 1 }
                return fill(key, request: request, next: next, view: view).map { response in
                    guard response.status.code >= 500 || response.annotations.upstreamAnswerUnusable else { return response }
                    state.counters.record { $0.staleServed += 1 }
                    return render(
                        entry, cacheStatus: CacheStatus.staleIfError(upstreamStatus: response.status.code),
                        age: NIODeadline.now() - entry.storedAt, view: view
                    )
                }
            case .expired:
                break
            }
        }
        state.counters.record { $0.misses += 1 }
        return fill(key, request: request, next: next, view: view)
    }

    /// How a particular partner wants the answer: encoding and its validator.
    struct ClientView {
        var acceptsGzip: Bool
        var ifNoneMatch: [String]
    }

    /// What one upstream fill produced, shared by every coalesced waiter.
    enum FillOutcome: Sendable {
        case stored(CachedAnswer)
        case uncacheable(GatewayResponse)
    }

    func fill(_ key: TaskCacheKey, request: GatewayRequest, next: StageChain.Next, view: ClientView) -> EventLoopFuture<GatewayResponse> {
        let upstreamRequest = Self.canonical(request, key: key)
        let (future, joined) = state.fills.run(key, on: request.eventLoop) {
            next(upstreamRequest).map { response in storeIfCacheable(key, response: response, requestId: upstreamRequest.requestId) }
        }
        if joined {
            state.counters.record { $0.coalescedWaits += 1 }
        }
        return future.map { outcome in
            switch outcome {
            case .stored(let answer):
                return render(answer, cacheStatus: joined ? CacheStatus.collapsed : CacheStatus.stored, age: .zero, view: view)
            case .uncacheable(var response):
                response.annotations.cacheStatus = CacheStatus.notStored
                response.headers.replaceOrAdd(name: "Cache-Status", value: CacheStatus.notStored)
                return response
            }
        }
    }

    private func refreshInBackground(_ key: TaskCacheKey, request: GatewayRequest, next: StageChain.Next) {
        // One refresh per key at a time; the serving request does not wait for it.
        let upstreamRequest = Self.canonical(request, key: key)
        _ = state.refreshes.run(key, on: request.eventLoop) {
            next(upstreamRequest).map { response in storeIfCacheable(key, response: response, requestId: upstreamRequest.requestId) }
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

    /// Stores 200 answers whose body is an array; never `null`, error objects or other statuses.
    func storeIfCacheable(_ key: TaskCacheKey, response: GatewayResponse, requestId: String) -> FillOutcome {
        switch checkAnswer(response, representation: key.representation) {
        case .usable(let upstream):
            guard let answer = store(upstream, under: key, associates: key.body.associates, storedAt: NIODeadline.now()) else {
                return .uncacheable(response)
            }
            return .stored(answer)
        case .notFromUpstream:
            return .uncacheable(response)
        case .notAnArray:
            // Marked so `stale_if_error` may answer instead of a 200 the cache cannot use.
            var marked = response
            marked.annotations.upstreamAnswerUnusable = true
            return .uncacheable(marked)
        case .undecodable:
            // Passing on corrupt bytes helps no partner, whatever encodings it accepts.
            var problem = Problem.badGateway(detail: "SuperOffice sent a corrupt compressed answer.").response(requestId: requestId)
            problem.annotations.wentUpstream = true
            problem.annotations.upstreamAnswerUnusable = true
            return .uncacheable(problem)
        }
    }

    /// What a task answer from upstream is good for.
    enum AnswerCheck {
        /// A 200 whose body is an array in the key's representation, decoded.
        case usable(UpstreamAnswer)
        /// Not a 200 that came from upstream (an error status, or the gateway's own answer).
        case notFromUpstream
        /// A 200 whose content coding does not decode (corrupt, unknown, or too large once decoded).
        case undecodable
        /// A 200 whose body is not an array: `null`, an error object, or malformed.
        case notAnArray
    }

    /// Upstream's answer decoded, when it is a 200 whose body is an array in the key's representation.
    func cacheableAnswer(_ response: GatewayResponse, representation: Representation) -> UpstreamAnswer? {
        guard case .usable(let upstream) = checkAnswer(response, representation: representation) else { return nil }
        return upstream
    }

    func checkAnswer(_ response: GatewayResponse, representation: Representation) -> AnswerCheck {
        guard response.status == .ok, response.annotations.wentUpstream, let body = response.body else {
            return .notFromUpstream
        }
        var identityBody = body
        var upstreamGzip: ByteBuffer?
        if let encoding = response.headers.first(name: "Content-Encoding")?.lowercased(), encoding != "identity" {
            guard let coding = ContentCoding(rawValue: encoding),
                let decoded = try? HTTPCompression.decompress(body, coding: coding, maxSize: maxDecodedSize, allocator: ByteBufferAllocator())
            else {
                return .undecodable
            }
            identityBody = decoded
            if coding == .gzip { upstreamGzip = body }
        }
        guard AnswerShape.isArray(identityBody, representation: representation) else {
            return .notAnArray
        }
        let contentType = response.headers.first(name: "Content-Type") ?? (representation == .xml ? "application/xml; charset=utf-8" : "application/json; charset=utf-8")
        return .usable(UpstreamAnswer(identityBody: identityBody, contentType: contentType, upstreamGzip: upstreamGzip))
    }

    /// Compresses and stores an answer; nil when it cannot be compressed.
    func store(_ upstream: UpstreamAnswer, under key: TaskCacheKey, associates: AssociateSet, storedAt: NIODeadline) -> CachedAnswer? {
        guard var answer = try? CachedAnswer.make(
            identityBody: upstream.identityBody, contentType: upstream.contentType, associates: associates,
            level: compressionLevel, now: storedAt, allocator: ByteBufferAllocator()
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
        state.store.put(key, answer)
        state.counters.record { $0.stores += 1 }
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
