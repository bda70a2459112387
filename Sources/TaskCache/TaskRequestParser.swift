import NIOCore

/// Turns a cached-task request body into its canonical `TaskRequestBody`, so the cache keys on what the
/// question means rather than how it is spelled. The scanners are hand-written (see `JSONScanner` and
/// `XMLScanner` for why): strict on types, bounded in depth and count, and fast enough for every request.
public enum TaskRequestParser {
    /// Parses a body of `GetBatchTaskInfosByAssociates` and its siblings.
    ///
    /// JSON (`application/json`, `text/json`, charset params ok), XML (`application/xml`, `text/xml`), form
    /// (`application/x-www-form-urlencoded`). Missing/unknown content type: try JSON.
    ///
    /// `AssociateIds` must be an array of integers within Int32. JSON rejects strings, floats (including `1.0`
    /// and `1e2`), booleans, null, nested arrays, numbers beyond Int32 and leading zeros; a repeated
    /// `AssociateIds` key is an error. More than `maxIds` entries (counted before de-duplication) is an error;
    /// an empty array is allowed. Unknown properties are validated and ignored; property names are
    /// case-insensitive (ASP.NET binds so). Nesting deeper than 32 levels is an error.
    ///
    /// XML: any root name, namespaces ignored, `<AssociateIds><int>..</int></AssociateIds>` (any child element
    /// name), DOCTYPE/ENTITY declarations refused outright. Form: `AssociateIds=1&AssociateIds=2`,
    /// `AssociateIds[]=1`, `AssociateIds=1,2`, percent-decoding.
    ///
    /// `State` (for `...AndState`: a `BatchTaskState` name, case-insensitive, required) and `Name` (for
    /// `...NameAndAssociates`: a string, required, kept exactly) become `TaskRequestBody.extra`.
    /// - Parameters:
    ///   - body: the complete request body.
    ///   - contentType: the request's `Content-Type`, if any.
    ///   - endpoint: which batch method was called.
    ///   - maxIds: the most `AssociateIds` entries accepted.
    /// - Throws: `TaskBodyError` with a message safe to show the caller.
    public static func parse(
        body: ByteBuffer,
        contentType: String?,
        endpoint: TaskEndpoint,
        maxIds: Int
    ) throws(TaskBodyError) -> TaskRequestBody {
        let format = BodyFormat(contentType: contentType)
        let limit = max(maxIds, 0)
        let result: Result<TaskRequestBody, TaskBodyError> = body.withUnsafeReadableBytes { bytes in
            Result { () throws(TaskBodyError) -> TaskRequestBody in
                switch format {
                case .json:
                    return try JSONTaskBodyParser.parse(bytes, endpoint: endpoint, maxIds: limit)
                case .xml:
                    return try XMLTaskBodyParser.parse(bytes, endpoint: endpoint, maxIds: limit)
                case .form:
                    return try FormTaskBodyParser.parse(bytes, endpoint: endpoint, maxIds: limit)
                }
            }
        }
        return try result.get()
    }
}
