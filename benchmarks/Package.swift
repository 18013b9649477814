// swift-tools-version: 6.1
// The benchmark suite: a separate package so that the main build stays fast.
import PackageDescription

let package = Package(
    name: "rotaplan-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "rotaplan", path: "..")
    ],
    targets: [
        .executableTarget(
            name: "RotaplanBench",
            dependencies: [.product(name: "RotaplanKit", package: "rotaplan")]
        )
    ]
)
