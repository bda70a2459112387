import NIOCore
import NIOHTTP1

/// Routes `/{context}/api/...`: tenant check, throttle, authentication, then version discovery, the Batch agent,
/// the Contact entity and the current principal. Path segments match case-insensitively.
struct TenantAPIRouter: Sendable {
    var configuration: StandInConfiguration
    var authenticator: RequestAuthenticator
    var agent: BatchAgent
    var contacts = ContactEndpoint()

    init(configuration: StandInConfiguration) {
        self.configuration = configuration
        authenticator = RequestAuthenticator(configuration: configuration)
        agent = BatchAgent(databaseSerial: configuration.databaseSerial, context: configuration.context)
    }

    /// Routes a request whose second segment is `api`; `segments[0]` is the tenant.
    func route(_ context: RouteContext, segments: [String], state: inout StandInState) -> StandInResponse {
        let request = context.request
        guard segments[0].lowercased() == configuration.context.lowercased() else {
            return SuperOfficeErrorBody.soError(
                .notFound, type: "SoNotFoundException", message: "Tenant '\(segments[0])' not found", source: "SuperOffice.WebApi"
            )
        }
        if state.misdirected {
            return .text("Wrong subdomain used to access tenant", status: .misdirectedRequest)
        }
        let rest = segments.dropFirst(2).map { $0.lowercased() }
        let throttleKey = request.header("SO-AppToken") ?? "anonymous"
        if let retryAfter = state.throttled(key: throttleKey, now: context.now) {
            var response = SuperOfficeErrorBody.soError(
                .tooManyRequests, type: "TooManyRequests", message: "Too many requests for this application and tenant.",
                source: "SuperOffice.WebApi"
            )
            response.headers.add(name: "Retry-After", value: String(retryAfter))
            return response
        }
        var user = ""
        var mechanism: AuthMechanism?
        if !(rest.isEmpty && configuration.anonymousVersionEndpoint) {
            switch authenticator.authenticate(request, credentials: &state.credentials, now: context.now) {
            case .rejected(let message):
                return SuperOfficeErrorBody.soError(
                    HTTPResponseStatus(statusCode: configuration.unauthorizedStatus), type: "SoAuthenticationException",
                    message: message, source: "SuperOffice.WebApi"
                )
            case .accepted(let accepted, let via):
                user = accepted
                mechanism = via
            }
        }
        var response = dispatch(context, rest: rest, user: user, state: &state)
        if case .session(let cookie)? = mechanism, state.rotateXSRFTokens,
           let newToken = state.credentials.rotateXSRF(cookie: cookie) {
            response.headers.add(name: "Set-Cookie", value: "XSRF-TOKEN=\(newToken); path=/")
        }
        return response
    }

    private func dispatch(_ context: RouteContext, rest: [String], user: String, state: inout StandInState) -> StandInResponse {
        let request = context.request
        let options: RenderOptions
        do {
            options = try RenderOptions.from(headers: request.headers, configuration: configuration)
        } catch {
            return SuperOfficeErrorBody.badRequest("The SO-TimeZone header names an unknown time zone.")
        }
        let format = ResponseFormat.negotiate(accept: request.header("Accept"))
        let select = SelectFilter(request.queryValue("$select"))
        let apiBase = context.baseURL + "/" + configuration.context + "/api"
        switch rest {
        case []:
            guard request.method == .GET || request.method == .HEAD else { return methodNotAllowed(request) }
            return .json(VersionInfo.version(apiBase: apiBase))
        case ["v1"]:
            guard request.method == .GET || request.method == .HEAD else { return methodNotAllowed(request) }
            return .json(VersionInfo.endpoints(apiBase: apiBase))
        case ["v1", "user", "currentprincipal"]:
            return .json(VersionInfo.principal(user: user, context: configuration.context, serial: configuration.databaseSerial))
        case ["v1", "contact"]:
            let call = ContactEndpoint.Call(
                request: request, id: nil, user: user, nowEpoch: context.nowEpoch, options: options, format: format, select: select
            )
            return contacts.handle(call, store: &state.contacts)
        default:
            break
        }
        if rest.count == 3, rest[0] == "v1", rest[1] == "contact" {
            guard let id = Int32(rest[2]) else { return SuperOfficeErrorBody.notFoundRoute(request.path) }
            let call = ContactEndpoint.Call(
                request: request, id: Int(id), user: user, nowEpoch: context.nowEpoch, options: options, format: format, select: select
            )
            return contacts.handle(call, store: &state.contacts)
        }
        if rest.count == 4, rest[0] == "v1", rest[1] == "agents", rest[2] == "batch" {
            guard let method = BatchAgentMethod.from(segment: rest[3]) else { return SuperOfficeErrorBody.notFoundRoute(request.path) }
            return invokeAgent(method, context: context, user: user, options: options, format: format, select: select, state: &state)
        }
        return SuperOfficeErrorBody.notFoundRoute(request.path)
    }

    private func invokeAgent(
        _ method: BatchAgentMethod, context: RouteContext, user: String, options: RenderOptions, format: ResponseFormat,
        select: SelectFilter?, state: inout StandInState
    ) -> StandInResponse {
        let request = context.request
        switch request.method {
        case .GET, .HEAD:
            return .json(method.descriptionJSON)
        case .POST:
            break
        default:
            return methodNotAllowed(request)
        }
        let body: RequestBody
        do {
            body = try RequestBody.decode(request.body, contentType: request.contentType)
        } catch {
            switch error {
            case .malformed(let message):
                return SuperOfficeErrorBody.badRequest(message)
            case .unsupportedMediaType(let type):
                return SuperOfficeErrorBody.aspNetMessage(
                    .unsupportedMediaType, "The request entity's media type '\(type)' is not supported for this resource."
                )
            }
        }
        if case .json(let root) = body, case .object = root {} else if case .json = body {
            return SuperOfficeErrorBody.badRequest("The request body must be a JSON object.")
        }
        let call = BatchAgent.Call(
            method: method, body: body, user: user, options: options, format: format, select: select, now: context.now,
            nowEpoch: context.nowEpoch
        )
        return agent.invoke(call, ledger: &state.tasks)
    }

    private func methodNotAllowed(_ request: StandInRequest) -> StandInResponse {
        SuperOfficeErrorBody.aspNetMessage(
            .methodNotAllowed, "The requested resource does not support http method '\(request.method.rawValue)'."
        )
    }
}
