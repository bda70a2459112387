import NIOCore
import TaskCache

/// What one upstream call for the missing associates produced, shared by every coalesced waiter.
enum FragmentOutcome: Sendable {
    /// When the new fragments were stored and when the first of them stops being fresh.
    struct Window: Sendable {
        var storedAt: NIODeadline
        var until: NIODeadline
    }

    /// The answer was split; one fragment per missing associate was stored. Carries the new elements, the
    /// framing and content type to compose with, how long the new fragments stay fresh, and whether every one
    /// came from the shared tier (no upstream call).
    case split(elements: [TaskElement], framing: AnswerFraming, contentType: String, freshUntil: Window, sharedOnly: Bool)
    /// The answer for `covering` could not be split per associate (e.g. `$select` nulled `Id` or `AssociateId`).
    case unsplittable(UpstreamAnswer, covering: AssociateSet)
    /// Nothing storable (see `UpstreamOutcome`): passed on, or replaced by a stale copy where allowed.
    case unusable(UpstreamOutcome.Unusable)
}
