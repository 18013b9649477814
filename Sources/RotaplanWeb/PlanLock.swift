import Foundation
import Hummingbird
import RotaplanWorkflow

extension Office {
    /// `body`, a step that reads a plan's record and then writes it, run while holding the
    /// plan's lock (`Workspace.exclusively`) and off the server's own threads: a second press
    /// waits there for the first (an approval verifies the plan: seconds on a large county)
    /// without holding up anyone's pages, then finds the step done. `refused` words a lock that
    /// cannot be taken.
    func holding(
        _ plan: Workspace.PlanID, _ body: @escaping @Sendable () -> Response, refused: (String) -> Response
    ) async -> Response {
        let workspace = self.workspace
        let outcome = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Result { try workspace.exclusively(plan, body) })
            }
        }
        switch outcome {
        case .success(let response):
            return response
        case .failure(let error):
            // The office is told what to ask for, not the server's paths.
            let code = (error as? POSIXError).map { " \($0.code)" } ?? ""
            return refused("服务器无法锁定这个方案的记录（文件系统错误\(code)），什么都没有改动；请联系管理员检查工作区目录的权限与磁盘空间。")
        }
    }
}
