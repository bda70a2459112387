import NIOCore
import Testing
@testable import TaskCache

@Suite("What the cache reads from an answer: active or final tasks, and each task's associate")
struct TaskAnswerFactsTests {
    private static func json(_ text: String) -> TaskAnswerFacts {
        TaskAnswerFacts.read(ByteBuffer(string: text), representation: .json)
    }

    private static func xml(_ items: String) -> TaskAnswerFacts {
        TaskAnswerFacts.read(ByteBuffer(string: "<ArrayOfBatchTaskInfo xmlns=\"http://www.superoffice.net/ws/crm/NetServer/Services88\">\(items)</ArrayOfBatchTaskInfo>"), representation: .xml)
    }

    @Test("Final states in any case, and the numbers 4, 5 and 6, leave an answer final", arguments: [
        #""Succeeded""#, #""failed""#, #""SUCCEEDEDMANUALCLEANUP""#, "4", "5", "6", #""4""#,
    ])
    func finalStates(state: String) {
        let facts = Self.json(#"[{"Id":501,"AssociateId":5,"State":\#(state)}]"#)
        #expect(facts == TaskAnswerFacts(hasActiveTask: false, tasks: [TaskRef(id: 501, associateId: 5)]))
    }

    @Test("Running, unknown, null or missing states make an answer active", arguments: [
        #""Started""#, #""New""#, #""Aquired""#, "3", "7", #""Sleeping""#, "null", #"{}"#,
    ])
    func activeStates(state: String) {
        #expect(Self.json(#"[{"Id":1,"AssociateId":2,"State":\#(state)}]"#).hasActiveTask)
        #expect(Self.json(#"[{"Id":1,"AssociateId":2}]"#).hasActiveTask)
    }

    @Test("An empty answer is final; an answer that cannot be read is active")
    func emptyAndUnreadable() {
        #expect(Self.json("[]") == TaskAnswerFacts(hasActiveTask: false, tasks: []))
        #expect(Self.json("[{") == .unreadable)
        #expect(Self.json("null") == .unreadable)
        #expect(Self.xml("") == TaskAnswerFacts(hasActiveTask: false, tasks: []))
    }

    @Test("One running task among finished ones makes the answer active; every task with an id and associate is indexed")
    func mixed() {
        let facts = Self.json(#"[{"Id":501,"AssociateId":5,"State":"Succeeded"},{"id":3001,"associateid":30,"state":"Started"},{"Id":null,"AssociateId":7,"State":5}]"#)
        #expect(facts.hasActiveTask)
        #expect(facts.tasks == [TaskRef(id: 501, associateId: 5), TaskRef(id: 3001, associateId: 30)])
    }

    @Test("XML answers are read the same way")
    func xmlAnswers() {
        let final = Self.xml("<BatchTaskInfo><Id>501</Id><AssociateId>5</AssociateId><State>Failed</State></BatchTaskInfo>")
        #expect(final == TaskAnswerFacts(hasActiveTask: false, tasks: [TaskRef(id: 501, associateId: 5)]))
        let active = Self.xml("<BatchTaskInfo><Id>3001</Id><AssociateId>30</AssociateId><State>Started</State></BatchTaskInfo>")
        #expect(active.hasActiveTask)
        let noState = Self.xml("<BatchTaskInfo><Id>3001</Id><AssociateId>30</AssociateId></BatchTaskInfo>")
        #expect(noState.hasActiveTask)
        #expect(Self.xml("<BatchTaskInfo><Id>1</Id>") == .unreadable)
    }
}

@Suite("What each Batch write invalidates")
struct BatchWriteInvalidationTests {
    private static func invalidation(_ write: BatchWrite, _ body: String, type: String = "application/json", encoded: Bool = false) -> Invalidation {
        write.invalidation(body: ByteBuffer(string: body), contentType: type, encoded: encoded)
    }

    @Test("StartBatchJob names its associate; 0, missing or unreadable means everything")
    func start() {
        #expect(Self.invalidation(.startBatchJob, #"{"BatchTaskInfo":{"AssociateId":30}}"#) == Invalidation(associates: [30]))
        #expect(Self.invalidation(.startBatchJob, #"{"BatchTaskInfo":{"AssociateId":0}}"#) == .all)
        #expect(Self.invalidation(.startBatchJob, #"{"BatchTaskInfo":{"Name":"x"}}"#) == .all)
        #expect(Self.invalidation(.startBatchJob, #"{"BatchTaskInfo":"#) == .all)
        #expect(Self.invalidation(.startBatchJob, #"{"BatchTaskInfo":{"AssociateId":30}}"#, encoded: true) == .all)
    }

    @Test("The other writes name task ids, in JSON, XML and form bodies")
    func taskIds() {
        #expect(Self.invalidation(.stopBatchJob, #"{"Id":3001}"#) == Invalidation(taskIds: [3001]))
        #expect(Self.invalidation(.updateBatchTask, #"{"BatchTaskInfo":{"Id":3001,"State":"Failed"}}"#) == Invalidation(taskIds: [3001]))
        #expect(Self.invalidation(.deleteBatchTask, #"{"BatchTaskId":7}"#) == Invalidation(taskIds: [7]))
        #expect(Self.invalidation(.deleteBatchTasks, #"{"BatchTaskIds":[7,8]}"#) == Invalidation(taskIds: [7, 8]))
        #expect(Self.invalidation(.stopBatchJob, "<StopBatchJob><Id>3001</Id></StopBatchJob>", type: "application/xml") == Invalidation(taskIds: [3001]))
        #expect(Self.invalidation(.deleteBatchTask, "BatchTaskId=7", type: "application/x-www-form-urlencoded") == Invalidation(taskIds: [7]))
        #expect(Self.invalidation(.stopBatchJob, #"{"Id":"x"}"#) == .all)
    }
}

@Suite("Fill tickets and the task index")
struct FillTicketTests {
    private static func key(_ associates: [Int32], identity: String = "alice") -> TaskCacheKey {
        TaskCacheKey(identity: identity, endpoint: .getBatchTaskInfosByAssociates, body: TaskRequestBody(associates: AssociateSet(associates), extra: ""), select: "")
    }

    private static func answer(_ associates: [Int32]) -> CachedAnswer {
        CachedAnswer(
            gzipBody: ByteBuffer(repeating: 1, count: 8), identityLength: 8, contentType: "application/json", etag: "\"e\"",
            storedAt: .uptimeNanoseconds(0), lifetime: .seconds(60), associates: AssociateSet(associates)
        )
    }

    @Test("A fill whose ticket predates an invalidation of its associates is refused; others are stored")
    func ticketRace() {
        let store = TaskCacheStore(maxBytes: 1 << 20)
        let stale = store.startFill(for: AssociateSet([30]))
        let unrelated = store.startFill(for: AssociateSet([5]))
        _ = store.invalidate(Invalidation(associates: [30]))
        #expect(!store.put(Self.key([30]), Self.answer([30]), tasks: [], ticket: stale))
        #expect(store.put(Self.key([5]), Self.answer([5]), tasks: [], ticket: unrelated))
        let fresh = store.startFill(for: AssociateSet([30]))
        #expect(store.put(Self.key([30]), Self.answer([30]), tasks: [], ticket: fresh))
    }

    @Test("Invalidating everything refuses every fill in flight")
    func everythingRace() {
        let store = TaskCacheStore(maxBytes: 1 << 20)
        let ticket = store.startFill(for: AssociateSet([5]))
        _ = store.invalidate(.all)
        #expect(!store.put(Self.key([5]), Self.answer([5]), tasks: [], ticket: ticket))
    }

    @Test("A task id resolves through the index to its associate's entries, for every identity; an unknown id evicts all")
    func indexResolvesTaskIds() {
        let store = TaskCacheStore(maxBytes: 1 << 20)
        for identity in ["alice", "bob"] {
            #expect(store.put(Self.key([30], identity: identity), Self.answer([30]), tasks: [TaskRef(id: 3001, associateId: 30)], ticket: store.startFill(for: AssociateSet([30]))))
        }
        #expect(store.put(Self.key([5]), Self.answer([5]), tasks: [TaskRef(id: 501, associateId: 5)], ticket: store.startFill(for: AssociateSet([5]))))
        let result = store.invalidate(Invalidation(taskIds: [3001]))
        #expect(result.removed == 2)
        #expect(result.resolved == Invalidation(associates: [30]))
        #expect(store.peek(Self.key([5])) != nil)
        #expect(store.invalidate(Invalidation(taskIds: [9999])).removed == 1)
        #expect(store.peek(Self.key([5])) == nil)
    }
}
