/// What an account may do in the workstation (docs/workstation.md "Accounts"): the three roles
/// of WORKSTATION.md "Who may do what", each a superset of the one before.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Reads plans, reports, the ledger and the audit record; ID-card numbers masked.
    case viewer
    /// A viewer who also uploads data, solves, records objections, runs what-ifs and submits a
    /// plan for approval.
    case planner
    /// A planner who also approves (publishes) or returns a submitted plan.
    case approver

    /// Whether this role may take `action`. The one table of who may do what.
    public func may(_ action: Action) -> Bool {
        switch action {
        case .view: true
        case .readIDNumbers, .upload, .solve, .object, .whatIf, .submit: self >= .planner
        case .approve, .returnPlan: self == .approver
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The things a person does in the workstation that a role may or may not allow. Managing
/// accounts is not among them: it is `rotaplan user`, the administrator's command (whoever
/// can write `users.sqlite` has its full power).
public enum Action: String, Sendable, Hashable, CaseIterable {
    /// Read plans, reports, the ledger and the audit record (操作记录).
    case view
    /// See ID-card numbers in full; without it they are masked (`IDNumber.masked`).
    case readIDNumbers
    /// Upload or edit a scenario's data (a new data version).
    case upload
    /// Start a solve or a re-plan.
    case solve
    /// Record, change or remove an objection (公示异议).
    case object
    /// Add and solve what-if variants.
    case whatIf
    /// Submit a plan for approval (it is frozen from then on).
    case submit
    /// Approve a submitted plan: publish it into the ledger (see `PublishRule`).
    case approve
    /// Return a submitted plan to the planners with a note.
    case returnPlan
}

/// WORKSTATION.md's rule on who publishes: a plan is published only by an approver other than
/// the planner who submitted it, unless the office has one active approver (disabled accounts
/// do not count). `Accounts.publishVerdict` applies it to the accounts in the database.
public enum PublishRule {
    /// Why an account may not publish a submitted plan, or that it may.
    public enum Verdict: Sendable, Hashable {
        case allowed
        /// The account is disabled.
        case disabled
        /// The account's role is not approver.
        case notAnApprover(Role)
        /// The account submitted the plan itself and another active approver exists
        /// (`others` of them), who must approve it.
        case ownSubmission(others: Int)

        /// The refusal in the office's words, Chinese first.
        public var message: String? {
            switch self {
            case .allowed: nil
            case .disabled: "账户已停用，不能发布方案 (account disabled)."
            case .notAnApprover: "只有审批人可以发布方案 (only an approver publishes)."
            case .ownSubmission(let others):
                "提交人不能审批自己提交的方案：本单位另有 \(others) 位审批人，请由其审批 (a plan is approved by an approver other than its submitter)."
            }
        }
    }

    /// Whether `approver` may publish a plan that `submitter` (an account name) submitted,
    /// when `activeApprovers` accounts with the approver role are active (the approver among
    /// them when it is active).
    public static func verdict(approver: Account, submitter: String, activeApprovers: Int) -> Verdict {
        guard approver.active else { return .disabled }
        guard approver.role.may(.approve) else { return .notAnApprover(approver.role) }
        if approver.nameKey == Account.key(submitter) && activeApprovers > 1 {
            return .ownSubmission(others: activeApprovers - 1)
        }
        return .allowed
    }
}
