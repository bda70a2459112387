import NIOHTTP1

/// The REST entity `/api/v1/Contact[/{id}]`: GET, PUT, PATCH, DELETE and POST over the in-memory store, with
/// `If-Modified-Since` → 304 and `If-Unmodified-Since` → 412 (reference §8), and never an ETag.
struct ContactEndpoint: Sendable {
    /// Everything the endpoint needs from the request.
    struct Call {
        var request: StandInRequest
        var id: Int?
        var user: String
        var nowEpoch: Int64
        var options: RenderOptions
        var format: ResponseFormat
        var select: SelectFilter?
    }

    func handle(_ call: Call, store: inout ContactStore) -> StandInResponse {
        guard let id = call.id else {
            guard call.request.method == .POST else { return methodNotAllowed(call) }
            return create(call, store: &store)
        }
        guard var record = store.record(id) else {
            if call.request.method == .POST { return methodNotAllowed(call) }
            return SuperOfficeErrorBody.soError(.notFound, type: "SoNotFoundException", message: "Contact id \(id) not found")
        }
        switch call.request.method {
        case .GET, .HEAD:
            if let since = call.request.header("If-Modified-Since").flatMap(CivilDateTime.parseHTTPDate),
               record.updatedEpoch <= since.epochSeconds {
                return StandInResponse(status: .notModified)
            }
            return render(record, call: call, status: .ok)
        case .PUT, .PATCH:
            if let refusal = preconditionFailure(record, call: call) { return refusal }
            switch updatedValues(record.values, call: call) {
            case .refused(let response): return response
            case .values(let values): record.values = values
            }
            record.updatedEpoch = call.nowEpoch
            record.updatedBy = call.user
            store.save(record)
            return render(record, call: call, status: .ok)
        case .DELETE:
            if let refusal = preconditionFailure(record, call: call) { return refusal }
            store.remove(id)
            return .noContent()
        default:
            return methodNotAllowed(call)
        }
    }

    private func create(_ call: Call, store: inout ContactStore) -> StandInResponse {
        switch updatedValues([:], call: call) {
        case .refused(let response):
            return response
        case .values(let values):
            let record = store.create(values: values, epoch: call.nowEpoch, user: call.user)
            return render(record, call: call, status: .created)
        }
    }

    private func render(_ record: ContactRecord, call: Call, status: HTTPResponseStatus) -> StandInResponse {
        let carrier = record.json(options: call.options)
        return call.format.render(call.select?.apply(to: carrier) ?? carrier, typeName: "ContactEntity", status: status)
    }

    private func preconditionFailure(_ record: ContactRecord, call: Call) -> StandInResponse? {
        guard let since = call.request.header("If-Unmodified-Since").flatMap(CivilDateTime.parseHTTPDate),
              record.updatedEpoch > since.epochSeconds else { return nil }
        return SuperOfficeErrorBody.soError(
            .preconditionFailed, type: "SoPreconditionFailedException", message: "Contact id \(record.id) was modified since the given date"
        )
    }

    /// The new property values for PUT/POST (whole entity), merge-patch or JSON Patch, or the refusal to answer.
    private func updatedValues(_ current: [String: String], call: Call) -> Outcome {
        let body: RequestBody
        do {
            body = try RequestBody.decode(call.request.body, contentType: call.request.contentType)
        } catch {
            switch error {
            case .malformed(let message): return .refused(SuperOfficeErrorBody.badRequest(message))
            case .unsupportedMediaType(let type): return .refused(Self.unsupported(type))
            }
        }
        var values = current
        do throws(ContactPatch.Problem) {
            switch (call.request.method, body, call.request.contentType) {
            case (_, .empty, _):
                return .refused(SuperOfficeErrorBody.badRequest("Entity to save is not in request body"))
            case (.PATCH, .json(let document), "application/merge-patch+json"):
                try ContactPatch.applyMergePatch(document, to: &values)
            case (.PATCH, .json(let document), _):
                if case .array = document {
                    try ContactPatch.applyJSONPatch(document, to: &values)
                } else {
                    try ContactPatch.applyMergePatch(document, to: &values)
                }
            case (.PATCH, _, let type):
                return .refused(Self.unsupported(type ?? "none"))
            case (_, .json(let document), _):
                guard case .object = document else {
                    return .refused(SuperOfficeErrorBody.badRequest("Entity to save is not in request body"))
                }
                values = Self.wholeEntity { document.member($0)?.stringValue }
            case (_, .xml(let root), _):
                values = Self.wholeEntity { root.child($0)?.trimmedText }
            case (_, .form(let pairs), _):
                values = Self.wholeEntity { FormDecoder.value($0, in: pairs) }
            }
        } catch {
            return .refused(SuperOfficeErrorBody.badRequest(error.message))
        }
        return .values(values)
    }

    /// New values, or the answer that refuses them.
    private enum Outcome {
        case values([String: String])
        case refused(StandInResponse)
    }

    private static func wholeEntity(_ lookup: (String) -> String?) -> [String: String] {
        var values: [String: String] = [:]
        for key in ContactRecord.updatableKeys {
            values[key] = lookup(key) ?? ""
        }
        return values
    }

    private static func unsupported(_ type: String) -> StandInResponse {
        SuperOfficeErrorBody.aspNetMessage(
            .unsupportedMediaType, "The request entity's media type '\(type)' is not supported for this resource."
        )
    }

    private func methodNotAllowed(_ call: Call) -> StandInResponse {
        SuperOfficeErrorBody.aspNetMessage(
            .methodNotAllowed, "The requested resource does not support http method '\(call.request.method.rawValue)'."
        )
    }
}
