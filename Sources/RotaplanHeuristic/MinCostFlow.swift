/// A minimum-cost circulation with lower and upper bounds on its edges, by successive shortest
/// paths (Dijkstra with potentials). Small and exact: the heuristic's feasibility step solves
/// one for a community in well under a millisecond (docs/solving.md "The heuristic and
/// `--method`").
///
/// An edge may have a negative cost only with a finite upper bound: it starts saturated, so that
/// every residual arc has a non-negative cost and the first potentials are zero (a negative cost
/// without a bound is taken as zero). A circulation has no source or sink: lower bounds, and
/// negative costs, are what make flow.
struct MinCostFlow {
    /// Capacity of an edge without an upper bound: more than any count a county can have.
    static let unbounded = 1 << 40

    private(set) var nodeCount: Int
    private var head: [Int]
    private var to: [Int] = []
    private var capacity: [Int] = []
    private var cost: [Int] = []
    private var next: [Int] = []
    /// Per edge the caller added: its residual arc and its lower bound.
    private var arcOf: [Int] = []
    private var lower: [Int] = []
    private var upper: [Int] = []
    private var from: [Int] = []

    init(nodes: Int) {
        nodeCount = nodes
        head = Array(repeating: -1, count: nodes)
    }

    mutating func addNode() -> Int {
        head.append(-1)
        nodeCount += 1
        return nodeCount - 1
    }

    /// Adds an edge with `lower ≤ flow ≤ upper` at `cost` per unit; returns its number.
    /// A lower bound above the upper one makes the circulation infeasible, never a trap.
    @discardableResult
    mutating func addEdge(from tail: Int, to target: Int, lower: Int = 0, upper: Int = unbounded, cost unitCost: Int) -> Int {
        let edgeCost = upper >= Self.unbounded ? max(0, unitCost) : unitCost
        arcOf.append(to.count)
        self.lower.append(lower)
        self.upper.append(upper)
        from.append(tail)
        addArc(tail, target, max(0, upper - lower), edgeCost)
        addArc(target, tail, 0, -edgeCost)
        return arcOf.count - 1
    }

    /// The cost of a circulation `flows` (as `solve` returns it).
    func cost(of flows: [Int]) -> Int {
        var total = 0
        for edge in flows.indices { total += flows[edge] * cost[arcOf[edge]] }
        return total
    }

    var edgeCount: Int { arcOf.count }

    /// Raises an edge's lower bound (before `solve`).
    mutating func setLower(_ edge: Int, _ value: Int) {
        lower[edge] = value
        capacity[arcOf[edge]] = max(0, upper[edge] - value)
    }

    /// Lowers an edge's upper bound (before `solve`); an edge of negative cost keeps a finite one.
    mutating func setUpper(_ edge: Int, _ value: Int) {
        upper[edge] = value
        capacity[arcOf[edge]] = max(0, value - lower[edge])
    }

    func lowerBound(_ edge: Int) -> Int { lower[edge] }
    func upperBound(_ edge: Int) -> Int { upper[edge] }

    private mutating func addArc(_ tail: Int, _ target: Int, _ cap: Int, _ unitCost: Int) {
        to.append(target)
        capacity.append(cap)
        cost.append(unitCost)
        next.append(head[tail])
        head[tail] = to.count - 1
    }

    /// Flow on each edge of a feasible circulation of least cost, or nil when no circulation
    /// meets every bound.
    func solve() -> [Int]? {
        var network = self
        for edge in lower.indices where lower[edge] > upper[edge] { return nil }
        // Lower bounds become supplies and demands of a super source and super sink; so does
        // the flow of an edge of negative cost, which starts at its upper bound.
        var excess = [Int](repeating: 0, count: nodeCount)
        for edge in lower.indices {
            var start = lower[edge]
            let arc = arcOf[edge]
            if cost[arc] < 0 {
                start = upper[edge]
                network.capacity[arc] = 0
                network.capacity[arc ^ 1] = upper[edge] - lower[edge]
            }
            guard start > 0 else { continue }
            excess[to[arc]] += start
            excess[from[edge]] -= start
        }
        let source = network.addNode()
        let sink = network.addNode()
        var required = 0
        for node in 0..<nodeCount {
            if excess[node] > 0 {
                network.addArc(source, node, excess[node], 0)
                network.addArc(node, source, 0, 0)
                required += excess[node]
            } else if excess[node] < 0 {
                network.addArc(node, sink, -excess[node], 0)
                network.addArc(sink, node, 0, 0)
            }
        }
        guard network.augment(from: source, to: sink, amount: required) == required else { return nil }
        return lower.indices.map { edge in lower[edge] + network.capacity[arcOf[edge] ^ 1] }
    }

    /// Successive shortest paths from `source` to `sink` until `amount` has been sent or no
    /// path is left; returns what was sent.
    private mutating func augment(from source: Int, to sink: Int, amount: Int) -> Int {
        let count = nodeCount
        var potential = [Int](repeating: 0, count: count)
        var sent = 0
        var distance = [Int](repeating: 0, count: count)
        var viaArc = [Int](repeating: -1, count: count)
        var heap = MinHeap()
        while sent < amount {
            for node in 0..<count {
                distance[node] = Int.max
                viaArc[node] = -1
            }
            distance[source] = 0
            heap.removeAll()
            heap.push(0, source)
            while let (value, node) = heap.pop() {
                guard value == distance[node] else { continue }
                // The sink settled: every node still open is at least as far, and its
                // potential rises by the sink's distance below whatever its own would be.
                if node == sink { break }
                var arc = head[node]
                while arc >= 0 {
                    let target = to[arc]
                    if capacity[arc] > 0 {
                        let reduced = cost[arc] + potential[node] - potential[target]
                        let candidate = value + reduced
                        if candidate < distance[target] {
                            distance[target] = candidate
                            viaArc[target] = arc
                            heap.push(candidate, target)
                        }
                    }
                    arc = next[arc]
                }
            }
            guard distance[sink] != Int.max else { break }
            // Capped at the sink's distance, so that no arc into a node the search did not reach
            // gets a negative reduced cost.
            let reach = distance[sink]
            for node in 0..<count { potential[node] += min(distance[node], reach) }
            var push = amount - sent
            var node = sink
            while node != source {
                let arc = viaArc[node]
                push = min(push, capacity[arc])
                node = to[arc ^ 1]
            }
            node = sink
            while node != source {
                let arc = viaArc[node]
                capacity[arc] -= push
                capacity[arc ^ 1] += push
                node = to[arc ^ 1]
            }
            sent += push
        }
        return sent
    }
}

/// A binary heap of (key, node), smallest key first.
private struct MinHeap {
    private var items: [(key: Int, node: Int)] = []

    /// Empties the heap, keeping its storage for the next search.
    mutating func removeAll() { items.removeAll(keepingCapacity: true) }

    mutating func push(_ key: Int, _ node: Int) {
        items.append((key, node))
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].key < items[parent].key else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (Int, Int)? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < items.count && items[left].key < items[smallest].key { smallest = left }
                if right < items.count && items[right].key < items[smallest].key { smallest = right }
                guard smallest != parent else { break }
                items.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return (first.key, first.node)
    }
}
