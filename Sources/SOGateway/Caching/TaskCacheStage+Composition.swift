import Coalescing
import GatewayClock
import NIOCore
import NIOHTTP1
import TaskCache

/// `cache.compose_by_associate`: answers any associate set from per-associate fragments and asks upstream
/// once, for only the associates that are missing, so overlapping sets cost upstream only what is new.
///
/// Rests on the assumption documented in docs/caching.md ("Composition"): the answer for a set is the union
/// of the per-associate answers in upstream's order (task `Id` ascending). Answers that cannot be split per
/// associate (`$select` nulling `Id` or `AssociateId`) fall back to the whole-answer path. Each fragment has
/// its own lifetime (`active_ttl` while it holds a running task); a composed answer is fresh until its first
/// fragment expires.
extension TaskCacheStage {
    /// Serves `key` (a set of two or more associates) from fragments, fetching the missing ones.
    func composed(_ key: TaskCacheKey, request: GatewayRequest, next: StageChain.Next, view: ClientView) -> EventLoopFuture<GatewayResponse> {
        let now = state.clock.now()
        if let whole = state.store.get(key), case .fresh(let remaining) = freshness(of: whole, now: now) {
            state.counters.count(.hit)
            let response = render(whole, cacheStatus: CacheStatus.hit(ttlSeconds: Self.seconds(remaining)), age: now - whole.storedAt, view: view)
            return request.eventLoop.makeSucceededFuture(response)
        }
        // Noted before the fragments are read: a write meanwhile keeps the composed answer out of the store.
        let ticket = state.store.startFill(for: key.body.associates)
        let cached = cachedFragments(key, now: now)
        if cached.missing.isEmpty, let framing = cached.framing, let contentType = cached.contentType,
            let oldest = cached.oldest, let freshUntil = cached.freshUntil
        {
            let upstream = UpstreamAnswer(identityBody: framing.answer(cached.elements), contentType: contentType, upstreamGzip: nil)
            if let answer = compress(upstream, associates: key.body.associates, storedAt: oldest, lifetime: freshUntil - oldest) {
                _ = store(answer, under: key, tasks: [], ticket: ticket)
                state.counters.count(.hit)
                return request.eventLoop.makeSucceededFuture(render(answer, cacheStatus: CacheStatus.composedHit(ttlSeconds: Self.seconds(freshUntil - now)), age: now - oldest, view: view))
            }
        }
        state.counters.count(.miss)
        return admitted(request) { request in fetchMissing(key, cached: cached, ticket: ticket, request: request, next: next, view: view) }
    }

    /// Asks upstream once for the associates without a fresh fragment and composes the whole answer.
    private func fetchMissing(
        _ key: TaskCacheKey, cached: CachedFragments, ticket: FillTicket, request: GatewayRequest, next: StageChain.Next, view: ClientView
    ) -> EventLoopFuture<GatewayResponse> {
        let missing = cached.missing.isEmpty ? key.body.associates : AssociateSet(cached.missing)
        let missingKey = Self.withAssociates(key, missing)
        let fillTicket = state.store.startFill(for: missing)
        let upstreamRequest = Self.canonical(request, key: missingKey)
        let (future, joined) = state.fragmentFills.run(FillKey(key: missingKey, generation: fillTicket.generation), on: request.eventLoop) {
            fillFragments(missingKey, ticket: fillTicket, upstreamRequest: upstreamRequest, on: request.eventLoop, next: next)
        }
        if joined {
            state.counters.count(.coalescedWait)
        }
        return future.flatMap { outcome in
            switch outcome {
            case .split(let elements, let framing, let contentType, let fragmentsFreshUntil, let sharedOnly):
                let storedAt = min(cached.oldest ?? fragmentsFreshUntil.storedAt, fragmentsFreshUntil.storedAt)
                let freshUntil = min(cached.freshUntil ?? fragmentsFreshUntil.until, fragmentsFreshUntil.until)
                let upstream = UpstreamAnswer(identityBody: framing.answer(cached.elements + elements), contentType: contentType, upstreamGzip: nil)
                guard let answer = compress(upstream, associates: key.body.associates, storedAt: storedAt, lifetime: freshUntil - storedAt) else {
                    return fill(key, request: request, next: next, view: view)
                }
                let stored = store(answer, under: key, tasks: [], ticket: ticket)
                let now = state.clock.now()
                let status =
                    joined
                    ? CacheStatus.composedCollapsed
                    : sharedOnly
                        ? CacheStatus.composedSharedHit(ttlSeconds: Self.seconds(freshUntil - now))
                        : (stored ? CacheStatus.composedStored : CacheStatus.notStoredAfterWrite)
                return request.eventLoop.makeSucceededFuture(render(answer, cacheStatus: status, age: now - storedAt, view: view))
            case .unsplittable(let upstream, let covering):
                // The answer covers the whole set only when nothing was taken from fragments; otherwise ask
                // upstream for the whole set, as without composition.
                let facts = TaskAnswerFacts.read(upstream.identityBody, representation: key.representation)
                guard covering == key.body.associates,
                    let answer = compress(
                        upstream, associates: key.body.associates, storedAt: state.clock.now(),
                        lifetime: policy.lifetime(hasActiveTask: facts.hasActiveTask)
                    )
                else {
                    return fill(key, request: request, next: next, view: view)
                }
                let stored = store(answer, under: key, tasks: facts.tasks, ticket: fillTicket)
                let status = joined ? CacheStatus.collapsed : (stored ? CacheStatus.stored : CacheStatus.notStoredAfterWrite)
                return request.eventLoop.makeSucceededFuture(render(answer, cacheStatus: status, age: .zero, view: view))
            case .unusable(let unusable):
                return request.eventLoop.makeSucceededFuture(respond(to: unusable, stale: key, view: view))
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

    /// The fresh fragments of `key`'s associates, split into elements, and the associates without one.
    func cachedFragments(_ key: TaskCacheKey, now: NIODeadline) -> CachedFragments {
        var result = CachedFragments()
        for id in key.body.associates.ids {
            guard let fragment = state.store.get(Self.fragmentKey(key, associate: id)),
                case .fresh(let remaining) = freshness(of: fragment, now: now),
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
            result.freshUntil = min(result.freshUntil ?? now + remaining, now + remaining)
        }
        return result
    }

    /// The fragments of `missingKey`'s associates: those another replica put in the shared tier, and the rest
    /// from one upstream call (coalesced across replicas), stored here and shared.
    func fillFragments(
        _ missingKey: TaskCacheKey, ticket: FillTicket, upstreamRequest: GatewayRequest, on eventLoop: any EventLoop, next: StageChain.Next
    ) -> EventLoopFuture<FragmentOutcome> {
        let ids = missingKey.body.associates.ids
        let wanted = ids.map { id in (Self.fragmentKey(missingKey, associate: id).digest, AssociateSet(CollectionOfOne(id))) }
        return throughSharedTier(wanted, fillAssociates: missingKey.body.associates, lockDigest: missingKey.digest, on: eventLoop) { read in
            var found = CachedFragments()
            for (offset, id) in ids.enumerated() {
                guard let entry = read?.entries[offset], let adopted = adopt(entry, under: Self.fragmentKey(missingKey, associate: id), ticket: ticket),
                    let body = try? adopted.answer.identityBody(allocator: ByteBufferAllocator()),
                    let elements = TaskAnswerSplitter.split(body, representation: missingKey.representation),
                    elements.allSatisfy({ $0.associateId == id }),
                    let framing = found.framing ?? AnswerFraming(of: body, representation: missingKey.representation)
                else {
                    found.missing.append(id)
                    continue
                }
                let until = adopted.answer.storedAt + adopted.answer.lifetime
                found.framing = framing
                found.contentType = found.contentType ?? adopted.answer.contentType
                found.elements.append(contentsOf: elements)
                found.oldest = min(found.oldest ?? adopted.answer.storedAt, adopted.answer.storedAt)
                found.freshUntil = min(found.freshUntil ?? until, until)
            }
            if found.missing.isEmpty, let framing = found.framing, let contentType = found.contentType, let oldest = found.oldest,
                let until = found.freshUntil
            {
                let window = FragmentOutcome.Window(storedAt: oldest, until: until)
                return eventLoop.makeSucceededFuture(
                    .split(elements: found.elements, framing: framing, contentType: contentType, freshUntil: window, sharedOnly: true)
                )
            }
            let taken = found
            let restKey = found.missing.count == ids.count ? missingKey : Self.withAssociates(missingKey, AssociateSet(found.missing))
            let restRequest = restKey == missingKey ? upstreamRequest : Self.canonical(upstreamRequest, key: restKey)
            state.counters.count(.upstreamCall)
            return next(restRequest).map { response in
                let outcome = storeFragments(restKey, response: response, ticket: ticket, requestId: restRequest.requestId, sharing: read?.ticket, on: eventLoop)
                guard taken.oldest != nil,
                    case .split(let elements, let framing, let contentType, let window, _) = outcome
                else { return outcome }
                let merged = FragmentOutcome.Window(
                    storedAt: min(taken.oldest ?? window.storedAt, window.storedAt), until: min(taken.freshUntil ?? window.until, window.until)
                )
                return .split(elements: taken.elements + elements, framing: framing, contentType: contentType, freshUntil: merged, sharedOnly: false)
            }
        }
    }

    /// Splits upstream's answer for the missing associates and stores one fragment per associate (empty ones
    /// too, so an associate without tasks is not asked about again until its fragment expires), each with the
    /// lifetime its own tasks call for; shares them when the fill read the shared tier first (`sharing`).
    func storeFragments(
        _ missingKey: TaskCacheKey, response: GatewayResponse, ticket: FillTicket, requestId: String, sharing: SharedTicket?, on eventLoop: any EventLoop
    ) -> FragmentOutcome {
        let outcome = UpstreamOutcome.classify(
            response, representation: missingKey.representation, maxDecodedSize: maxDecodedSize, requestId: requestId
        )
        let upstream: UpstreamAnswer
        switch outcome {
        case .usable(let answer): upstream = answer
        case .unusable(let unusable): return .unusable(unusable)
        }
        guard let elements = TaskAnswerSplitter.split(upstream.identityBody, representation: missingKey.representation),
            let groups = TaskAnswerSplitter.group(elements, by: missingKey.body.associates),
            let framing = AnswerFraming(of: upstream.identityBody, representation: missingKey.representation)
        else {
            return .unsplittable(upstream, covering: missingKey.body.associates)
        }
        let storedAt = state.clock.now()
        var freshUntil: NIODeadline?
        var shared: [(key: TaskCacheKey, answer: CachedAnswer, tasks: [TaskRef])] = []
        for id in missingKey.body.associates.ids {
            let body = framing.answer(groups[id] ?? [])
            let facts = TaskAnswerFacts.read(body, representation: missingKey.representation)
            let lifetime = policy.lifetime(hasActiveTask: facts.hasActiveTask)
            let fragment = UpstreamAnswer(identityBody: body, contentType: upstream.contentType, upstreamGzip: nil)
            freshUntil = min(freshUntil ?? storedAt + lifetime, storedAt + lifetime)
            let fragmentKey = Self.fragmentKey(missingKey, associate: id)
            if let answer = compress(fragment, associates: AssociateSet(CollectionOfOne(id)), storedAt: storedAt, lifetime: lifetime),
                store(answer, under: fragmentKey, tasks: facts.tasks, ticket: ticket)
            {
                shared.append((fragmentKey, answer, facts.tasks))
            }
        }
        share(shared, ticket: sharing, on: eventLoop)
        return .split(
            elements: elements, framing: framing, contentType: upstream.contentType,
            freshUntil: FragmentOutcome.Window(storedAt: storedAt, until: freshUntil ?? storedAt + policy.ttl), sharedOnly: false
        )
    }
}
