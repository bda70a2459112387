import NIOCore
import TaskCache

/// What the cache already holds for a composed request: the elements of the fresh fragments, how to frame
/// them, and which associates still have to be asked for.
struct CachedFragments: Sendable {
    var elements: [TaskElement] = []
    var framing: AnswerFraming?
    var contentType: String?
    /// When the oldest fragment used was stored (the composed answer is as old as it).
    var oldest: NIODeadline?
    /// When the first fragment used stops being fresh (the composed answer expires with it).
    var freshUntil: NIODeadline?
    /// Associates without a fresh, splittable fragment, ascending.
    var missing: [Int32] = []
}
