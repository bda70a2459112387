import NIOCore
import NIOHTTP1

/// Invokes Batch agent methods against the ledger for one upstream user, with agent error conventions:
/// 400 for malformed bodies, 200 `{"Message":"The request is invalid.",...}` for missing parameters,
/// 200 `null` when not found, 204 for void methods (reference §5, stand-in fact 11). A task the user cannot see
/// is, for that user, a task that does not exist.
struct BatchAgent: Sendable {
    var databaseSerial: String
    var context: String

    /// Everything the agent needs from the request besides its body.
    struct Call {
        var method: BatchAgentMethod
        var body: RequestBody
        var user: String
        var options: RenderOptions
        var format: ResponseFormat
        var select: SelectFilter?
        var now: NIODeadline
        var nowEpoch: Int64
    }

    func invoke(_ call: Call, ledger: inout BatchTaskLedger) -> StandInResponse {
        switch call.method {
        case .getBatchTaskInfosByAssociates:
            return withIds(call) { ids in tasks(forAssociates: ids, call: call, ledger: ledger) }
        case .getBatchTaskInfosByAssociatesAndState:
            guard case .value(let stateText) = call.body.string("State") else { return missing(call, "state", "BatchTaskState") }
            guard let state = BatchTaskState.parse(stateText) else { return SuperOfficeErrorBody.badRequest("'State' is not a BatchTaskState.") }
            return withIds(call) { ids in
                tasks(forAssociates: ids, call: call, ledger: ledger).filter { state == .all || $0.state == state }
            }
        case .getBatchTaskInfosByNameAndAssociates:
            guard case .value(let name) = call.body.string("Name") else { return missing(call, "name", "String") }
            return withIds(call) { ids in
                tasks(forAssociates: ids, call: call, ledger: ledger).filter { $0.name.lowercased() == name.lowercased() }
            }
        case .getSystemBatchTaskInfosByName:
            guard case .value(let name) = call.body.string("TaskName") else { return missing(call, "taskName", "String") }
            let found = tasks(forAssociates: [0], call: call, ledger: ledger).filter { $0.name.lowercased() == name.lowercased() }
            return render(found, call: call)
        case .getBatchTaskInfo:
            return withId(call, "Id", parameter: "id") { id in
                guard let task = visibleTask(id, call: call, ledger: ledger) else { return .json(.null) }
                return render(task, call: call)
            }
        case .startBatchJob:
            return startBatchJob(call, ledger: &ledger)
        case .stopBatchJob:
            return withId(call, "Id", parameter: "id") { id in
                guard let task = visibleTask(id, call: call, ledger: ledger), !task.state.isFinal else {
                    return call.format.render(.bool(false), typeName: "boolean")
                }
                _ = ledger.change(id: task.id, now: call.now) { $0.phase.state = .failed }
                return call.format.render(.bool(true), typeName: "boolean")
            }
        case .updateBatchTask:
            return updateBatchTask(call, ledger: &ledger)
        case .deleteBatchTask:
            return withId(call, "BatchTaskId", parameter: "batchTaskId") { id in
                ledger.delete([id])
                return .noContent()
            }
        case .deleteBatchTasks:
            switch call.body.int32Array("BatchTaskIds") {
            case .missing: return missing(call, "batchTaskIds", "System.Int32[]")
            case .invalid(let message): return SuperOfficeErrorBody.badRequest(message)
            case .value(let ids):
                ledger.delete(ids.map(Int.init))
                return .noContent()
            }
        }
    }

    /// `StartBatchJob`: a new task in state New for `BatchTaskInfo.AssociateId` (0 or missing = a system task),
    /// named `BatchTaskInfo.Name` when given; answers its Id.
    private func startBatchJob(_ call: Call, ledger: inout BatchTaskLedger) -> StandInResponse {
        let info: RequestBody
        switch call.body.carrier("BatchTaskInfo") {
        case .missing: return missing(call, "batchTaskInfo", "SuperOffice.CRM.Services.BatchTaskInfo")
        case .invalid(let message): return SuperOfficeErrorBody.badRequest(message)
        case .value(let carrier): info = carrier
        }
        var start = BatchTaskLedger.StartRequest(associateId: 0)
        switch info.int32("AssociateId") {
        case .missing: break
        case .invalid(let message): return SuperOfficeErrorBody.badRequest(message)
        case .value(let associateId): start.associateId = Int(associateId)
        }
        if case .value(let name) = info.string("Name"), !name.isEmpty { start.name = name }
        if case .value(let description) = info.string("Description") { start.description = description }
        if case .value(let request) = info.string("Request") { start.request = request }
        guard let id = ledger.start(start, now: call.now, nowEpoch: call.nowEpoch) else {
            return SuperOfficeErrorBody.soError(.internalServerError, type: "SoBatchException", message: "No more task ids.")
        }
        return call.format.render(.int(Int64(id)), typeName: "int")
    }

    /// `UpdateBatchTask`: only State, Description, Response and Request change (reference §7); a property that is
    /// absent or null keeps its value (a new State sets ProgressPercent as `JobPhase.set` says). Answers the updated task, or 200 `null` for an unknown Id.
    private func updateBatchTask(_ call: Call, ledger: inout BatchTaskLedger) -> StandInResponse {
        let info: RequestBody
        switch call.body.carrier("BatchTaskInfo") {
        case .missing: return missing(call, "batchTaskInfo", "SuperOffice.CRM.Services.BatchTaskInfo")
        case .invalid(let message): return SuperOfficeErrorBody.badRequest(message)
        case .value(let carrier): info = carrier
        }
        var id: Int32 = 0
        switch info.int32("Id") {
        case .missing: break
        case .invalid(let message): return SuperOfficeErrorBody.badRequest(message)
        case .value(let value): id = value
        }
        var state: BatchTaskState?
        switch info.string("State") {
        case .missing: break
        case .invalid(let message): return SuperOfficeErrorBody.badRequest(message)
        case .value(let text):
            guard let parsed = BatchTaskState.parse(text), parsed != .all else {
                return SuperOfficeErrorBody.badRequest("'State' is not a BatchTaskState.")
            }
            state = parsed
        }
        guard visibleTask(Int(id), call: call, ledger: ledger) != nil else { return .json(.null) }
        let description = info.string("Description").value
        let response = info.string("Response").value
        let request = info.string("Request").value
        let updated = ledger.change(id: Int(id), now: call.now) { task in
            if let state { task.phase.set(state) }
            if let description { task.descriptionOverride = description }
            if let response { task.responseOverride = response }
            if let request { task.requestOverride = request }
        }
        guard let updated else { return .json(.null) }
        return render(updated, call: call)
    }

    private func visibleTask(_ id: Int, call: Call, ledger: BatchTaskLedger) -> BatchTask? {
        guard let task = ledger.task(id: id, now: call.now), ledger.catalog.isVisible(task, to: call.user) else { return nil }
        return task
    }

    private func withId(_ call: Call, _ name: String, parameter: String, _ body: (Int) -> StandInResponse) -> StandInResponse {
        switch call.body.int32(name) {
        case .missing: return missing(call, parameter, "System.Int32")
        case .invalid(let message): return SuperOfficeErrorBody.badRequest(message)
        case .value(let id): return body(Int(id))
        }
    }

    private func withIds(_ call: Call, _ body: ([Int32]) -> [BatchTask]) -> StandInResponse {
        switch call.body.int32Array("AssociateIds") {
        case .missing: return missing(call, "associateIds", "System.Int32[]")
        case .invalid(let message): return SuperOfficeErrorBody.badRequest(message)
        case .value(let ids): return render(body(ids), call: call)
        }
    }

    /// The union of the distinct associates' visible tasks, ordered by Id (order and duplicates do not matter).
    private func tasks(forAssociates ids: [Int32], call: Call, ledger: BatchTaskLedger) -> [BatchTask] {
        Set(ids).flatMap { ledger.tasks(forAssociate: Int($0), now: call.now) }
            .filter { ledger.catalog.isVisible($0, to: call.user) }
            .sorted { $0.id < $1.id }
    }

    private func render(_ task: BatchTask, call: Call) -> StandInResponse {
        let carrier = task.json(options: call.options, databaseSerial: databaseSerial, context: context)
        return call.format.render(call.select?.apply(to: carrier) ?? carrier, typeName: "BatchTaskInfo")
    }

    private func render(_ tasks: [BatchTask], call: Call) -> StandInResponse {
        let carriers = JSONValue.array(tasks.map { $0.json(options: call.options, databaseSerial: databaseSerial, context: context) })
        return call.format.render(call.select?.apply(to: carriers) ?? carriers, typeName: "BatchTaskInfo")
    }

    private func missing(_ call: Call, _ parameter: String, _ type: String) -> StandInResponse {
        SuperOfficeErrorBody.invalidRequest(
            detail: "The parameters dictionary contains a null entry for parameter '\(parameter)' of non-nullable type '\(type)' "
                + "for method '\(call.method.rawValue)' in 'SuperOffice.WebApi.Controllers.v1.BatchAgentController'."
        )
    }
}
