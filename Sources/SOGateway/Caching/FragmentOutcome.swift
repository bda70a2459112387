import TaskCache

/// What one upstream call for the missing associates produced, shared by every coalesced waiter.
enum FragmentOutcome: Sendable {
    /// The answer was split; one fragment per missing associate was stored. Carries the new elements and
    /// the framing and content type to compose with.
    case split(elements: [TaskElement], framing: AnswerFraming, contentType: String)
    /// The answer could not be split per associate (e.g. `$select` nulled `Id` or `AssociateId`).
    case unsplittable(UpstreamAnswer)
    /// Upstream's answer is not storable; passed on as it is.
    case uncacheable(GatewayResponse)
}
