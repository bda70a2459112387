import NIOHTTP1

/// Invokes Batch agent methods against the catalog for one upstream user, with agent error conventions:
/// 400 for malformed bodies, 200 `{"Message":"The request is invalid.",...}` for missing parameters,
/// 200 `null` when not found, 204 for void methods (reference §5, stand-in fact 11).
struct BatchAgent: Sendable {
    var catalog: BatchTaskCatalog
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
    }

    func invoke(_ call: Call, deletedTaskIds: inout Set<Int>) -> StandInResponse {
        switch call.method {
        case .getBatchTaskInfosByAssociates:
            return withIds(call) { ids in tasks(forAssociates: ids, call: call, deleted: deletedTaskIds) }
        case .getBatchTaskInfosByAssociatesAndState:
            guard case .value(let stateText) = call.body.string("State") else { return missing(call, "state", "BatchTaskState") }
            guard let state = BatchTaskState.parse(stateText) else { return SuperOfficeErrorBody.badRequest("'State' is not a BatchTaskState.") }
            return withIds(call) { ids in
                tasks(forAssociates: ids, call: call, deleted: deletedTaskIds).filter { state == .all || $0.state == state }
            }
        case .getBatchTaskInfosByNameAndAssociates:
            guard case .value(let name) = call.body.string("Name") else { return missing(call, "name", "String") }
            return withIds(call) { ids in
                tasks(forAssociates: ids, call: call, deleted: deletedTaskIds).filter { $0.definition.name.lowercased() == name.lowercased() }
            }
        case .getSystemBatchTaskInfosByName:
            guard case .value(let name) = call.body.string("TaskName") else { return missing(call, "taskName", "String") }
            let found = tasks(forAssociates: [0], call: call, deleted: deletedTaskIds)
                .filter { $0.definition.name.lowercased() == name.lowercased() }
            return render(found, call: call)
        case .getBatchTaskInfo:
            switch call.body.int32("Id") {
            case .missing: return missing(call, "id", "System.Int32")
            case .invalid(let message): return SuperOfficeErrorBody.badRequest(message)
            case .value(let id):
                guard let task = catalog.task(id: Int(id)), !deletedTaskIds.contains(task.id),
                      catalog.isVisible(task, to: call.user) else {
                    return .json(.null)
                }
                let carrier = task.json(options: call.options, databaseSerial: databaseSerial, context: context)
                return call.format.render(call.select?.apply(to: carrier) ?? carrier, typeName: "BatchTaskInfo")
            }
        case .deleteBatchTask:
            switch call.body.int32("BatchTaskId") {
            case .missing: return missing(call, "batchTaskId", "System.Int32")
            case .invalid(let message): return SuperOfficeErrorBody.badRequest(message)
            case .value(let id):
                deletedTaskIds.insert(Int(id))
                return .noContent()
            }
        case .deleteBatchTasks:
            switch call.body.int32Array("BatchTaskIds") {
            case .missing: return missing(call, "batchTaskIds", "System.Int32[]")
            case .invalid(let message): return SuperOfficeErrorBody.badRequest(message)
            case .value(let ids):
                deletedTaskIds.formUnion(ids.map(Int.init))
                return .noContent()
            }
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
    private func tasks(forAssociates ids: [Int32], call: Call, deleted: Set<Int>) -> [BatchTask] {
        Set(ids).flatMap { catalog.tasks(forAssociate: Int($0)) }
            .filter { !deleted.contains($0.id) && catalog.isVisible($0, to: call.user) }
            .sorted { $0.id < $1.id }
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
