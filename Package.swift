// swift-tools-version: 6.1
// rotaplan — teacher rotation and itinerant teaching plans for Nanchang's urban–rural
// school communities. GPL-3.0-or-later (it links GLPK, which is GPL-3).
import PackageDescription

let package = Package(
    name: "rotaplan",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "rotaplan", targets: ["rotaplan"]),
        // Everything but the command line, for the benchmark package.
        .library(
            name: "RotaplanKit",
            targets: [
                "RotaplanDomain", "LinearModel", "GLPKBackend", "RotaplanFormulation", "RotaplanHeuristic",
                "RotaplanVerify", "RotaplanGenerator", "RotaplanPlanner",
            ]),
    ],
    dependencies: [
        // Command-line parsing, `--help` and exit codes.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // scenario.yaml, with line numbers for error messages.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // The GNU Linear Programming Kit, a system library: module map and header only.
        .systemLibrary(
            name: "CGLPK",
            providers: [.apt(["libglpk-dev"]), .brew(["glpk"])]
        ),
        // Scenario types, loading and validation, staffing and eligibility. No solver.
        .target(
            name: "RotaplanDomain",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        // Variables, expressions, constraints, objective, solve parameters and results.
        .target(name: "LinearModel"),
        // Every call into GLPK lives here.
        .target(name: "GLPKBackend", dependencies: ["CGLPK", "LinearModel"]),
        // MODEL.md's two integer programs, one file per rule family.
        .target(name: "RotaplanFormulation", dependencies: ["RotaplanDomain", "LinearModel"]),
        // The pure Swift heuristic: domain types only, no solver.
        .target(name: "RotaplanHeuristic", dependencies: ["RotaplanDomain"]),
        // Deterministic synthetic scenarios for every Nanchang county and district.
        .target(name: "RotaplanGenerator", dependencies: ["RotaplanDomain"]),
        // The independent plan checker: shares only the scenario loader.
        .target(name: "RotaplanVerify", dependencies: ["RotaplanDomain"]),
        // Solving a county: decomposition, threads, time limits, methods, output files.
        .target(
            name: "RotaplanPlanner",
            dependencies: [
                "RotaplanDomain", "LinearModel", "GLPKBackend", "RotaplanFormulation",
                "RotaplanHeuristic", "RotaplanVerify",
            ]
        ),
        // The commands; a library so tests can run them in-process.
        .target(
            name: "RotaplanCLI",
            dependencies: [
                "RotaplanPlanner", "RotaplanGenerator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "rotaplan", dependencies: ["RotaplanCLI"]),
        .testTarget(
            name: "RotaplanTests",
            dependencies: [
                "RotaplanDomain", "LinearModel", "GLPKBackend", "RotaplanFormulation",
                "RotaplanHeuristic", "RotaplanVerify", "RotaplanPlanner", "RotaplanGenerator", "RotaplanCLI", "rotaplan",
            ]
        ),
    ]
)
