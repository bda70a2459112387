import Foundation
import Testing
import SuperOfficeStandIn

@Suite("Tenant state, 421 and session login")
struct TenantDiscoveryTests {
    @Test("/api/state/{context} is unauthenticated and advertises this server's API unless told otherwise")
    func tenantState() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let state = try await RawHTTPClient.send(port: standIn.port, path: "/api/state/Cust12345").jsonObject()
            #expect(state["ContextIdentifier"] as? String == "Cust12345")
            #expect(state["State"] as? String == "Running")
            #expect(state["IsRunning"] as? Bool == true)
            #expect(state["Api"] as? String == standIn.baseURL + "/Cust12345/api")
            #expect(state["Endpoint"] as? String == standIn.baseURL + "/Cust12345")
            #expect((state["ValidUntil"] as? String)?.hasSuffix("Z") == true)
            standIn.setTenantState("OfflineMaintenance")
            let maintenance = try await RawHTTPClient.send(port: standIn.port, path: "/api/state/cust12345").jsonObject()
            #expect(maintenance["State"] as? String == "OfflineMaintenance")
            #expect(maintenance["IsRunning"] as? Bool == false)
            #expect(try await RawHTTPClient.send(port: standIn.port, path: "/api/state/Cust99999").status == 404)
        }
    }

    @Test("a misdirected stand-in answers 421 while its tenant state points at the right one")
    func misdirected() async throws {
        try await StandInFixture.withStandIn { right async throws in
            try await StandInFixture.withStandIn(StandInConfiguration(misdirected: true)) { wrong async throws in
                wrong.setTenantState("Running", apiURL: right.baseURL + "/Cust12345/api")
                let refused = try await StandInFixture.tasks(wrong, ids: [1])
                #expect(refused.status == 421)
                #expect(refused.text.contains("Wrong subdomain used to access tenant"))
                let state = try await RawHTTPClient.send(port: wrong.port, path: "/api/state/Cust12345").jsonObject()
                let api = try #require(state["Api"] as? String)
                #expect(api == right.baseURL + "/Cust12345/api")
                #expect(try await StandInFixture.tasks(right, ids: [1]).status == 200)
                wrong.setMisdirected(false)
                #expect(try await StandInFixture.tasks(wrong, ids: [1]).status == 200)
                wrong.setMisdirected(true)
                #expect(try await StandInFixture.tasks(wrong, ids: [1]).status == 421)
            }
        }
    }

    @Test("session login sets the session and XSRF-TOKEN cookies, which then authenticate API calls")
    func sessionLogin() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let login = try await RawHTTPClient.send(
                port: standIn.port, method: "POST", path: "/Cust12345/login",
                headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array("user=bob&password=bob-password".utf8)
            )
            #expect(login.status == 200)
            func cookie(_ name: String) -> String? {
                login.headerValues("Set-Cookie").first { $0.hasPrefix(name + "=") }
                    .map { String($0.dropFirst(name.count + 1).prefix { $0 != ";" }) }
            }
            let session = try #require(cookie(SuperOfficeStandIn.sessionCookieName))
            let xsrf = try #require(cookie("XSRF-TOKEN"))
            let call = try await RawHTTPClient.send(
                port: standIn.port, path: "/Cust12345/api/v1/User/currentPrincipal",
                headers: [("Cookie", "\(SuperOfficeStandIn.sessionCookieName)=\(session); XSRF-TOKEN=\(xsrf)"), ("X-XSRF-TOKEN", xsrf)]
            )
            #expect(try call.jsonObject()["UserName"] as? String == "bob")
            let refused = try await RawHTTPClient.send(
                port: standIn.port, method: "POST", path: "/Cust12345/login",
                headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array("user=bob&password=wrong".utf8)
            )
            #expect(refused.status == 401)
            standIn.expireAllCredentials()
            let expired = try await RawHTTPClient.send(
                port: standIn.port, path: "/Cust12345/api/v1/User/currentPrincipal",
                headers: [("Cookie", "\(SuperOfficeStandIn.sessionCookieName)=\(session)"), ("X-XSRF-TOKEN", xsrf)]
            )
            #expect(expired.status == 401)
        }
    }
}
