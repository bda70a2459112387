import NIOHTTP1

/// `POST /{context}/login` with form (or JSON) `user` and `password`: starts a CRM web session, answered with the
/// `.ASPXAUTH` session cookie and the `XSRF-TOKEN` cookie the API then expects in `X-XSRF-TOKEN` (reference §2).
struct SessionLoginEndpoint: Sendable {
    var configuration: StandInConfiguration

    func handle(_ context: RouteContext, state: inout StandInState) -> StandInResponse {
        let request = context.request
        guard request.method == .POST else {
            return SuperOfficeErrorBody.aspNetMessage(.methodNotAllowed, "The requested resource does not support http method '\(request.method.rawValue)'.")
        }
        let body = (try? RequestBody.decode(request.body, contentType: request.contentType)) ?? .empty
        guard case .value(let user) = body.string("user"), case .value(let password) = body.string("password"),
              let expected = configuration.basicUsers[user], expected == password else {
            return .json(.object([
                JSONMember("IsSuccessful", .bool(false)), JSONMember("ErrorMessage", .string("Invalid user name or password")),
            ]), status: .unauthorized)
        }
        let cookie = IssuedCredentials.opaque()
        let xsrf = IssuedCredentials.opaque()
        state.credentials.saveSession(StandInSession(user: user, xsrfToken: xsrf), cookie: cookie)
        var response = StandInResponse.json(.object([JSONMember("IsSuccessful", .bool(true)), JSONMember("User", .string(user))]))
        response.headers.add(name: "Set-Cookie", value: "\(SuperOfficeStandIn.sessionCookieName)=\(cookie); path=/; HttpOnly")
        response.headers.add(name: "Set-Cookie", value: "XSRF-TOKEN=\(xsrf); path=/")
        return response
    }
}
