import Foundation
import RotaplanDomain

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "itinerant-options":
    let scenario = try ScenarioLoader.load(folder: URL(fileURLWithPath: arguments[1]))
    Experiments.itinerantOptions(scenario, timeLimit: Double(arguments.count > 2 ? arguments[2] : "20")!)
case "rotation-heuristic":
    Experiments.rotationHeuristic(try ScenarioLoader.load(folder: URL(fileURLWithPath: arguments[1])))
case "itinerant-heuristic":
    Experiments.itinerantHeuristic(try ScenarioLoader.load(folder: URL(fileURLWithPath: arguments[1])))
case "itinerant-planners":
    Experiments.itinerantPlanners(try ScenarioLoader.load(folder: URL(fileURLWithPath: arguments[1])))
case "itinerant-steps":
    Experiments.itinerantSteps(try ScenarioLoader.load(folder: URL(fileURLWithPath: arguments[1])), timeLimit: Double(arguments[2])!)
case "scenarios":
    // scenarios FOLDER SECONDS [NAME…]
    let rows = try ScenarioTable.run(
        folder: URL(fileURLWithPath: arguments[1]), timeLimit: Double(arguments[2])!, only: Array(arguments.dropFirst(3)))
    print(ScenarioTable.markdown(rows))
default:
    print("usage: RotaplanBench itinerant-options SCENARIO [SECONDS] | scenarios FOLDER SECONDS [NAME…]")
}
