import GatewayCompression
import NIOCore
import NIOHTTP1
import TaskCache

/// What upstream's answer to a task fill means — for the cache (store it or not) and for the partner (what it
/// gets, and whether a stale copy may stand in) — decided by one function for the whole-answer and the
/// composition paths alike.
enum UpstreamOutcome: Sendable {
    /// A 200 whose body is an array in the key's representation, decoded: stored (whole or per associate).
    case usable(UpstreamAnswer)
    /// Nothing to store.
    case unusable(Unusable)

    /// An answer the cache cannot store, and what that means for the partner.
    enum Unusable: Sendable {
        /// Upstream failed: 5xx (the gateway's own 502/503/504 for a down or slow upstream, an open circuit or an
    /// exhausted tenant budget included), or a 200 the cache cannot use (not an array, malformed, a corrupt
        /// encoding). `cache.stale_if_error` may serve a stale copy instead; otherwise the partner gets `response`
        /// (a corrupt encoding becomes a 502: passing on corrupt bytes helps nobody).
        case failed(GatewayResponse)
        /// Any other answer (a 4xx, a 304): passed on as it is, never stored, never replaced by a stale copy.
        case passOn(GatewayResponse)
    }

    /// Classifies one answer.
    /// - Parameters:
    ///   - response: what the rest of the chain answered for the canonical task request.
    ///   - representation: the key's representation (JSON or XML).
    ///   - maxDecodedSize: the bound for decoding upstream's content coding.
    ///   - requestId: for the 502 problem of a corrupt encoding.
    static func classify(
        _ response: GatewayResponse, representation: Representation, maxDecodedSize: Int, requestId: String
    ) -> UpstreamOutcome {
        guard response.status == .ok, response.annotations.wentUpstream else {
            return .unusable(response.status.code >= 500 ? .failed(response) : .passOn(response))
        }
        guard let body = response.body else {
            return .unusable(.failed(unusable(response)))
        }
        var identityBody = body
        var upstreamGzip: ByteBuffer?
        if let encoding = response.headers.first(name: "Content-Encoding")?.lowercased(), encoding != "identity" {
            guard let coding = ContentCoding(rawValue: encoding),
                let decoded = try? HTTPCompression.decompress(body, coding: coding, maxSize: maxDecodedSize, allocator: ByteBufferAllocator())
            else {
                var problem = Problem.badGateway(detail: "SuperOffice sent a corrupt compressed answer.").response(requestId: requestId)
                problem.annotations.wentUpstream = true
                problem.annotations.upstreamAnswerUnusable = true
                return .unusable(.failed(problem))
            }
            identityBody = decoded
            if coding == .gzip { upstreamGzip = body }
        }
        guard AnswerShape.isArray(identityBody, representation: representation) else {
            return .unusable(.failed(unusable(response)))
        }
        let contentType = response.headers.first(name: "Content-Type")
            ?? (representation == .xml ? "application/xml; charset=utf-8" : "application/json; charset=utf-8")
        return .usable(UpstreamAnswer(identityBody: identityBody, contentType: contentType, upstreamGzip: upstreamGzip))
    }

    /// Upstream's 200 marked as a failure for logs and metrics (`null`, an error object, a malformed body).
    private static func unusable(_ response: GatewayResponse) -> GatewayResponse {
        var marked = response
        marked.annotations.upstreamAnswerUnusable = true
        return marked
    }
}
