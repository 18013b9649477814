import Foundation
import RotaplanDomain

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "itinerant-options":
    let scenario = try ScenarioLoader.load(folder: URL(fileURLWithPath: arguments[1]))
    Experiments.itinerantOptions(scenario, timeLimit: Double(arguments.count > 2 ? arguments[2] : "20")!)
default:
    print("usage: RotaplanBench itinerant-options SCENARIO [SECONDS]")
}
