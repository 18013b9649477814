import Foundation
import GLPKBackend
import LinearModel
import RotaplanDomain
import Testing

/// The GLPK backend on models whose optimum is known by hand.
@Suite struct GLPKBackendTests {
    let solver = GLPKSolver()

    @Test func knapsackPicksTheBestSubset() throws {
        // Values 10, 13, 7, 8; weights 5, 6, 3, 4; capacity 10.
        // Subsets within 10: {1,4} 18, {2,4} 21, {2,3} 20, {3,4} 15, {1,3} 17 → best {2,4} = 21.
        var model = Model(name: "knapsack")
        let values = [10.0, 13, 7, 8]
        let weights = [5.0, 6, 3, 4]
        let items = (0..<4).map { model.addVariable("take[\($0)]", .binary) }
        var weight = LinearExpression()
        var value = LinearExpression()
        for (index, item) in items.enumerated() {
            weight.add(item, weights[index])
            value.add(item, values[index])
        }
        model.add(weight <= 10, name: "capacity")
        model.maximize(value)
        let result = try solver.solve(model, parameters: SolveParameters())
        #expect(result.termination == .optimal)
        #expect(result.objective == 21)
        #expect(result.bound == 21)
        #expect(result.gap == 0)
        #expect(result.values?.map { $0.rounded() } == [0, 1, 0, 1])
    }

    @Test func assignmentFindsTheCheapestMatching() throws {
        // Costs (worker × job): [4 1 3; 2 0 5; 3 2 2]. The six permutations cost
        // 4+0+2=6, 4+5+2=11, 1+2+2=5, 1+5+3=9, 3+2+2=7, 3+0+3=6 → best 5: w0→j1, w1→j0, w2→j2.
        let costs: [[Double]] = [[4, 1, 3], [2, 0, 5], [3, 2, 2]]
        var model = Model(name: "assignment")
        var assign: [[Variable]] = []
        for worker in 0..<3 {
            assign.append((0..<3).map { model.addVariable("x[\(worker),\($0)]", .binary) })
        }
        var cost = LinearExpression()
        for worker in 0..<3 {
            model.add(sum(assign[worker]) == 1, name: "worker[\(worker)]")
            for job in 0..<3 { cost.add(assign[worker][job], costs[worker][job]) }
        }
        for job in 0..<3 {
            model.add(sum((0..<3).map { assign[$0][job] }) == 1, name: "job[\(job)]")
        }
        model.minimize(cost)
        let result = try solver.solve(model, parameters: SolveParameters())
        #expect(result.termination == .optimal)
        #expect(result.objective == 5)
        let values = try #require(result.values)
        #expect(values[assign[0][1].index] == 1)
        #expect(values[assign[1][0].index] == 1)
        #expect(values[assign[2][2].index] == 1)
    }

    @Test func infeasibleModelIsReturnedNotThrown() throws {
        // x + y ≥ 3 with binary x, y cannot hold; the LP relaxation is infeasible too.
        var model = Model(name: "infeasible")
        let x = model.addVariable("x", .binary)
        let y = model.addVariable("y", .binary)
        model.add(x + y >= 3, name: "too much")
        model.minimize(x + y)
        #expect(try solver.solve(model, parameters: SolveParameters()).termination == .infeasible)
    }

    @Test func integerInfeasibleWithFeasibleRelaxation() throws {
        // 2x = 1 has the LP solution x = 0.5 but no integer solution.
        var model = Model(name: "parity")
        let x = model.addVariable("x", .integer, lower: 0, upper: 10)
        model.add(2 * x == 1, name: "odd")
        model.minimize(LinearExpression(x))
        #expect(try solver.solve(model, parameters: SolveParameters()).termination == .infeasible)
    }

    @Test func unboundedModel() throws {
        // Maximise x with x ≥ 0 integer and no upper bound.
        var model = Model(name: "unbounded")
        let x = model.addVariable("x", .integer, lower: 0, upper: nil)
        let y = model.addVariable("y", .integer, lower: 0, upper: 5)
        model.add(LinearExpression(x) - y >= 0, name: "x above y")
        model.maximize(LinearExpression(x))
        #expect(try solver.solve(model, parameters: SolveParameters()).termination == .unbounded)
    }

    @Test func malformedModelsAreRejectedBeforeGLPK() throws {
        // Each of these makes GLPK abort the process; here they throw and the test goes on.
        var nonFinite = Model(name: "nan")
        let x = nonFinite.addVariable("x", .continuous)
        nonFinite.add(Double.nan * x <= 1, name: "bad coefficient")
        #expect(throws: ModelError.self) { try solver.solve(nonFinite, parameters: SolveParameters()) }

        var longName = Model(name: "long")
        longName.addVariable(String(repeating: "x", count: 300), .binary)
        #expect(throws: ModelError.self) { try solver.solve(longName, parameters: SolveParameters()) }

        var crossedBounds = Model(name: "crossed")
        crossedBounds.addVariable("x", .integer, lower: 3, upper: 1)
        #expect(throws: ModelError.self) { try solver.solve(crossedBounds, parameters: SolveParameters()) }

        var fractionalBound = Model(name: "fractional")
        fractionalBound.addVariable("x", .integer, lower: 0, upper: 2.5)
        #expect(throws: ModelError.self) { try solver.solve(fractionalBound, parameters: SolveParameters()) }

        var infiniteBound = Model(name: "infinite")
        let y = infiniteBound.addVariable("y", .continuous)
        infiniteBound.add(LinearExpression(y) <= .infinity, name: "inf")
        #expect(throws: ModelError.self) { try solver.solve(infiniteBound, parameters: SolveParameters()) }

        // The process is still here and GLPK still works.
        try knapsackPicksTheBestSubset()
    }

    @Test func modelWithoutRowsOrVariables() throws {
        var noRows = Model(name: "no rows")
        let x = noRows.addVariable("x", .integer, lower: 2, upper: 7)
        noRows.minimize(LinearExpression(x) + 1)
        let result = try solver.solve(noRows, parameters: SolveParameters())
        #expect(result.termination == .optimal)
        #expect(result.objective == 3)

        var nothing = Model(name: "empty")
        nothing.minimize(LinearExpression(constant: 4))
        #expect(try solver.solve(nothing, parameters: SolveParameters()).objective == 4)
    }

    @Test func aNodeLimitReturnsTheBestIncumbentAndABound() throws {
        // Fifty nodes are far too few to prove this 12-row knapsack optimal; the limit counts
        // work, so the search stops at the same node on every machine.
        let model = HardKnapsack.model(items: 120, constraints: 12, seed: 7)
        let start = [Double](repeating: 0, count: model.variables.count)
        let result = try solver.solve(model, parameters: SolveParameters(startSolution: start, nodeLimit: 50))
        #expect(result.termination == .feasible)
        let values = try #require(result.values)
        #expect(model.isFeasible(values))
        let objective = try #require(result.objective)
        let bound = try #require(result.bound)
        #expect(abs(objective - model.objective.value(values)) < 1e-6)
        #expect(objective > 0, "an incumbent better than the empty start")
        #expect(bound > objective, "a maximisation's bound is above its incumbent, and not yet proven")
        let again = try solver.solve(model, parameters: SolveParameters(startSolution: start, nodeLimit: 50))
        #expect(again.objective == objective && again.bound == bound, "the same work, the same answer")
    }

    @Test(arguments: 1...4 as ClosedRange<UInt64>)
    func aSearchEndedByTheGapReportsABoundWithinIt(seed: UInt64) throws {
        // GLPK may stop on its own gap check (GLP_EMIPGAP) against a bound newer than the last
        // its callback showed: the bound reported must still be within the gap asked for, or a
        // search called optimal would show a gap above it.
        let model = HardKnapsack.model(items: 60, constraints: 6, seed: seed)
        let result = try solver.solve(model, parameters: SolveParameters(relativeGap: 0.02))
        #expect(result.termination == .optimal)
        let objective = try #require(result.objective)
        let bound = try #require(result.bound)
        #expect(bound >= objective, "a maximisation's bound is at or above its incumbent")
        #expect(relativeGap(objective: objective, bound: bound) <= 0.02 * (1 + 1e-9))
        #expect(model.isFeasible(try #require(result.values)))
    }

    @Test(arguments: 1...4 as ClosedRange<UInt64>)
    func aVariableBranchedOnFirstLeavesTheOptimumWhereItWas(seed: UInt64) throws {
        // The county program branches first on each member's count of strong teachers (docs/solving.md
        // "The county exchange"). The order of branching may change the path, never the optimum:
        // here a count of the first half of the items, branched on first, against every subset.
        let plain = HardKnapsack.model(items: 14, constraints: 3, seed: seed)
        var model = plain
        let count = model.addVariable("count", .integer, lower: 0, upper: nil, branchesFirst: true)
        let firstHalf = plain.objective.terms.keys.sorted().prefix(7)
        model.add(LinearExpression(count) - sum(firstHalf) == 0, name: "count")
        let result = try solver.solve(model, parameters: SolveParameters())
        #expect(result.termination == .optimal)
        #expect(result.objective == HardKnapsack.bruteForceOptimum(plain))
        // A program written without its fixed variables keeps the order.
        let restricted = model.restricted(to: try #require(result.values), isFree: { $0 != 0 })
        #expect(restricted.model.variables.map(\.branchesFirst) == Array(repeating: false, count: 13) + [true])
        let again = try solver.solve(restricted.model, parameters: SolveParameters())
        #expect(again.objective == result.objective)
    }

    @Test func aCancelledSolveReturnsWhatItHas() throws {
        // Cancelled from the solver's own progress report: no clock decides when.
        let model = HardKnapsack.model(items: 120, constraints: 12, seed: 7)
        let start = [Double](repeating: 0, count: model.variables.count)
        let cancellation = Cancellation()
        let result = try solver.solve(
            model,
            parameters: SolveParameters(
                startSolution: start, cancellation: cancellation, progress: { _ in cancellation.cancel() }))
        #expect(result.termination == .feasible)
        #expect(model.isFeasible(try #require(result.values)))
        // Cancelled before it starts, a solve returns its start.
        let early = Cancellation()
        early.cancel()
        let stopped = try solver.solve(model, parameters: SolveParameters(startSolution: start, cancellation: early))
        #expect(stopped.termination == .feasible)
        #expect(stopped.objective == 0)
    }

    @Test func aTimeLimitStillReturnsALawfulPlan() throws {
        // Whatever the machine's speed, a solve stopped by its clock returns a feasible solution
        // at least as good as its start (how long it took is measured in the benchmarks).
        let model = HardKnapsack.model(items: 120, constraints: 12, seed: 7)
        let start = [Double](repeating: 0, count: model.variables.count)
        let result = try solver.solve(model, parameters: SolveParameters(timeLimit: 0.5, startSolution: start))
        #expect(result.termination == .feasible || result.termination == .optimal)
        #expect(model.isFeasible(try #require(result.values)))
        #expect(try #require(result.objective) >= 0)
    }

    @Test func startSolutionIsKeptWhenNothingBetterIsFound() throws {
        // The optimum itself as start: GLPK can only confirm it.
        var model = Model(name: "start")
        let x = model.addVariable("x", .integer, lower: 0, upper: 10)
        let y = model.addVariable("y", .integer, lower: 0, upper: 10)
        model.add(3 * x + LinearExpression(y, 2) <= 12, name: "cap")
        model.maximize(LinearExpression(x, 5) + LinearExpression(y, 3))
        // 3x + 2y ≤ 12: (4,0)=20, (2,3)=19, (0,6)=18, (3,1)=18, (1,4)=17 → 20.
        let result = try solver.solve(model, parameters: SolveParameters(startSolution: [4, 0]))
        #expect(result.termination == .optimal)
        #expect(result.objective == 20)
    }

    @Test func infeasibleStartSolutionIsIgnored() throws {
        var model = Model(name: "bad start")
        let x = model.addVariable("x", .binary)
        model.add(LinearExpression(x) <= 0, name: "zero")
        model.maximize(LinearExpression(x))
        let result = try solver.solve(model, parameters: SolveParameters(startSolution: [1]))
        #expect(result.objective == 0)
        #expect(result.fromStartSolution == false)
    }

    @Test func independentSolvesRunAtOnceOnDifferentThreads() throws {
        // Eight knapsacks with different capacities, solved concurrently; each answer checked
        // against a brute-force enumeration of its 2^10 subsets.
        let count = 8
        let results = ResultBox(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            let model = HardKnapsack.model(items: 10, constraints: 2, seed: UInt64(index + 1))
            results.set(index, try? GLPKSolver().solve(model, parameters: SolveParameters()))
        }
        for index in 0..<count {
            let model = HardKnapsack.model(items: 10, constraints: 2, seed: UInt64(index + 1))
            let result = try #require(results.get(index))
            #expect(result.termination == .optimal)
            #expect(abs((result.objective ?? -1) - HardKnapsack.bruteForceOptimum(model)) < 1e-6)
        }
    }

    @Test func writesLPAndMPSThatKeepTheOptimum() throws {
        var model = Model(name: "written")
        let x = model.addVariable("x[T01,NCX-M01]", .integer, lower: 0, upper: 4)
        let y = model.addVariable("人员", .binary)
        model.add(LinearExpression(x) + y <= 3, name: "R2[甲]")
        model.maximize(LinearExpression(x, 2) + LinearExpression(y, 3))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rotaplan-write-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for format in ModelFileFormat.allCases {
            let path = folder.appendingPathComponent("model.\(format.rawValue)").path
            try GLPKSolver.write(model, format: format, to: path)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(!text.isEmpty)
            let ascii = text.unicodeScalars.allSatisfy { $0.isASCII }
            #expect(ascii, "names are made safe for every reader")
        }
        let lp = try String(contentsOfFile: folder.appendingPathComponent("model.lp").path, encoding: .utf8)
        #expect(lp.contains("Maximize"))
    }
}

/// Results written from concurrent iterations.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [SolveResult?]

    init(count: Int) {
        results = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ result: SolveResult?) {
        lock.withLock { results[index] = result }
    }

    func get(_ index: Int) -> SolveResult? {
        lock.withLock { results[index] }
    }
}

/// Multi-dimensional knapsacks from a seeded generator.
enum HardKnapsack {
    /// Strongly correlated values (value ≈ mean weight + 10) make branch-and-bound slow.
    static func model(items: Int, constraints: Int, seed: UInt64) -> Model {
        var random = SeededRandom(seed: seed)
        var model = Model(name: "mdk-\(seed)")
        let take = (0..<items).map { model.addVariable("x\($0)", .binary) }
        var weights = [[Double]](repeating: [], count: constraints)
        var value = LinearExpression()
        for item in take {
            var mean = 0.0
            for row in 0..<constraints {
                let weight = Double(random.int(20...100))
                weights[row].append(weight)
                mean += weight / Double(constraints)
            }
            value.add(item, (mean + 10).rounded())
        }
        for row in 0..<constraints {
            var weight = LinearExpression()
            for (index, item) in take.enumerated() { weight.add(item, weights[row][index]) }
            model.add(weight <= (weights[row].reduce(0, +) / 2).rounded(.down), name: "capacity\(row)")
        }
        model.maximize(value)
        return model
    }

    static func bruteForceOptimum(_ model: Model) -> Double {
        let count = model.variables.count
        var best = -Double.infinity
        for mask in 0..<(1 << count) {
            let values = (0..<count).map { Double((mask >> $0) & 1) }
            if model.isFeasible(values) { best = max(best, model.objective.value(values)) }
        }
        return best
    }
}
