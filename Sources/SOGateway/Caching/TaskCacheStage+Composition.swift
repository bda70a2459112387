import NIOCore
import NIOHTTP1
import TaskCache

/// `cache.compose_by_associate`: answers any associate set from per-associate fragments and asks upstream
/// once, for only the associates that are missing, so overlapping sets cost upstream only what is new.
///
/// Rests on the assumption documented in docs/caching.md ("Composition"): the answer for a set is the union
/// of the per-associate answers in upstream's order (task `Id` ascending). Answers that cannot be split per
/// associate (`$select` nulling `Id` or `AssociateId`) fall back to the whole-answer path.
extension TaskCacheStage {
    /// Serves `key` (a set of two or more associates) from fragments, fetching the missing ones.
    func composed(
        _ key: TaskCacheKey, request: GatewayRequest, next: StageChain.Next, view: ClientView, now: NIODeadline
    ) -> EventLoopFuture<GatewayResponse> {
        let whole = state.store.get(key)
        if let whole, case .fresh(let remaining) = policy.evaluate(age: now - whole.storedAt) {
            state.counters.record { $0.hits += 1 }
            let response = render(whole, cacheStatus: CacheStatus.hit(ttlSeconds: Self.seconds(remaining)), age: now - whole.storedAt, view: view)
            return request.eventLoop.makeSucceededFuture(response)
        }
        let cached = cachedFragments(key, now: now)
        if cached.missing.isEmpty, let framing = cached.framing, let contentType = cached.contentType, let oldest = cached.oldest {
            let body = framing.answer(cached.elements)
            let upstream = UpstreamAnswer(identityBody: body, contentType: contentType, upstreamGzip: nil)
            if let answer = store(upstream, under: key, associates: key.body.associates, storedAt: oldest) {
                state.counters.record { $0.hits += 1 }
                return request.eventLoop.makeSucceededFuture(render(answer, cacheStatus: CacheStatus.composedHit, age: now - oldest, view: view))
            }
        }
        state.counters.record { $0.misses += 1 }
        let missing = cached.missing.isEmpty ? key.body.associates : AssociateSet(cached.missing)
        let missingKey = Self.withAssociates(key, missing)
        let upstreamRequest = Self.canonical(request, key: missingKey)
        let (future, joined) = state.fragmentFills.run(missingKey, on: request.eventLoop) {
            next(upstreamRequest).map { response in storeFragments(missingKey, response: response) }
        }
        if joined {
            state.counters.record { $0.coalescedWaits += 1 }
        }
        return future.flatMap { outcome in
            switch outcome {
            case .split(let elements, let framing, let contentType):
                let storedAt = cached.oldest ?? NIODeadline.now()
                let body = framing.answer(cached.elements + elements)
                let upstream = UpstreamAnswer(identityBody: body, contentType: contentType, upstreamGzip: nil)
                guard let answer = store(upstream, under: key, associates: key.body.associates, storedAt: storedAt) else {
                    return fill(key, request: request, next: next, view: view)
                }
                let status = joined ? CacheStatus.composedCollapsed : CacheStatus.composedStored
                return request.eventLoop.makeSucceededFuture(render(answer, cacheStatus: status, age: NIODeadline.now() - storedAt, view: view))
            case .unsplittable(let upstream):
                // The answer covers the whole set only when nothing was taken from fragments; otherwise ask
                // upstream for the whole set, as without composition.
                guard missing == key.body.associates,
                    let answer = store(upstream, under: key, associates: key.body.associates, storedAt: NIODeadline.now())
                else {
                    return fill(key, request: request, next: next, view: view)
                }
                let status = joined ? CacheStatus.collapsed : CacheStatus.stored
                return request.eventLoop.makeSucceededFuture(render(answer, cacheStatus: status, age: .zero, view: view))
            case .uncacheable(var response):
                if response.status.code >= 500, let whole, Self.servableOnError(policy.evaluate(age: NIODeadline.now() - whole.storedAt)) {
                    state.counters.record { $0.staleServed += 1 }
                    let stale = render(
                        whole, cacheStatus: CacheStatus.staleIfError(upstreamStatus: response.status.code),
                        age: NIODeadline.now() - whole.storedAt, view: view
                    )
                    return request.eventLoop.makeSucceededFuture(stale)
                }
                response.annotations.cacheStatus = CacheStatus.notStored
                response.headers.replaceOrAdd(name: "Cache-Status", value: CacheStatus.notStored)
                return request.eventLoop.makeSucceededFuture(response)
            }
        }
    }

    /// The fragment key of one associate: the request's key with a one-associate set (same identity,
    /// `$select`, representation and headers), so fragments are never shared across identities.
    static func fragmentKey(_ key: TaskCacheKey, associate: Int32) -> TaskCacheKey {
        withAssociates(key, AssociateSet(CollectionOfOne(associate)))
    }

    /// `key` for another associate set.
    static func withAssociates(_ key: TaskCacheKey, _ associates: AssociateSet) -> TaskCacheKey {
        var changed = key
        changed.body.associates = associates
        return changed
    }

    /// Whether a stale whole answer in this freshness state may stand in for a failed upstream call.
    static func servableOnError(_ freshness: Freshness) -> Bool {
        switch freshness {
        case .staleIfErrorOnly, .staleWhileRevalidate: return true
        case .fresh, .expired: return false
        }
    }

    /// The fresh fragments of `key`'s associates, split into elements, and the associates without one.
    func cachedFragments(_ key: TaskCacheKey, now: NIODeadline) -> CachedFragments {
        var result = CachedFragments()
        for id in key.body.associates.ids {
            guard let fragment = state.store.get(Self.fragmentKey(key, associate: id)),
                case .fresh = policy.evaluate(age: now - fragment.storedAt),
                let body = try? fragment.identityBody(allocator: ByteBufferAllocator()),
                let elements = TaskAnswerSplitter.split(body, representation: key.representation),
                elements.allSatisfy({ $0.associateId == id }),
                let framing = result.framing ?? AnswerFraming(of: body, representation: key.representation)
            else {
                result.missing.append(id)
                continue
            }
            result.framing = framing
            result.contentType = result.contentType ?? fragment.contentType
            result.elements.append(contentsOf: elements)
            result.oldest = min(result.oldest ?? fragment.storedAt, fragment.storedAt)
        }
        return result
    }

    /// Splits upstream's answer for the missing associates and stores one fragment per associate (empty ones
    /// too, so an associate without tasks is not asked about again until its fragment expires).
    func storeFragments(_ missingKey: TaskCacheKey, response: GatewayResponse) -> FragmentOutcome {
        guard let upstream = cacheableAnswer(response, representation: missingKey.representation) else {
            return .uncacheable(response)
        }
        guard let elements = TaskAnswerSplitter.split(upstream.identityBody, representation: missingKey.representation),
            let groups = TaskAnswerSplitter.group(elements, by: missingKey.body.associates),
            let framing = AnswerFraming(of: upstream.identityBody, representation: missingKey.representation)
        else {
            return .unsplittable(upstream)
        }
        let storedAt = NIODeadline.now()
        for id in missingKey.body.associates.ids {
            let fragment = UpstreamAnswer(identityBody: framing.answer(groups[id] ?? []), contentType: upstream.contentType, upstreamGzip: nil)
            _ = store(fragment, under: Self.fragmentKey(missingKey, associate: id), associates: AssociateSet(CollectionOfOne(id)), storedAt: storedAt)
        }
        return .split(elements: elements, framing: framing, contentType: upstream.contentType)
    }
}
