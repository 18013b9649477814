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
                "RotaplanVerify", "RotaplanGenerator", "RotaplanResults", "RotaplanPlanner", "RotaplanReport", "RotaplanSpreadsheet", "RotaplanLedger",
                "RotaplanWorkflow", "RotaplanWeb", "RotaplanAccounts",
            ]),
    ],
    dependencies: [
        // Command-line parsing, `--help` and exit codes.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // scenario.yaml, with line numbers for error messages.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // HTML from templates that escape every value by default (docs/commands.md "Safe to open").
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // The ZIP archive of an .xlsx workbook, read and written (docs/scenario.md "Spreadsheets").
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // The county's secondment ledger: SQLite with migrations, WAL and records (docs/ledger.md).
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // The workstation's HTTP server (docs/workstation.md); swift-configuration support left out.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        // Named by the workstation, which uses their types directly; Hummingbird brings them already.
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // HTTPS for the workstation off loopback (`serve --tls-cert --tls-key`), through Hummingbird's TLS.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.2"),
        // Password hashes (bcrypt) for the workstation's accounts (docs/workstation.md "Accounts").
        // Only its HummingbirdBcrypt product is built, which needs nothing but its own C code;
        // resolving the package also fetches swift-crypto and swift-extras-base64, never built.
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
    ],
    targets: [
        // The GNU Linear Programming Kit, a system library: module map and header only.
        .systemLibrary(
            name: "CGLPK",
            providers: [.apt(["libglpk-dev"]), .brew(["glpk"])]
        ),
        // Scenario types, loading and validation, staffing, eligibility and the rule arithmetic
        // every other module shares. No solver. Optimised in debug builds too, like the verifier:
        // the tests load and verify city-size scenarios in child processes many times.
        .target(
            name: "RotaplanDomain",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        // Variables, expressions, constraints, objective, solve parameters and results.
        .target(name: "LinearModel"),
        // Every call into GLPK lives here.
        .target(name: "GLPKBackend", dependencies: ["CGLPK", "LinearModel"]),
        // docs/model.md's two integer programs, one file per rule family.
        .target(name: "RotaplanFormulation", dependencies: ["RotaplanDomain", "LinearModel"]),
        // The pure Swift heuristic: domain types only, no solver. Optimised in debug builds too:
        // the tests run it on many scenarios, and unoptimised it is about forty times slower.
        .target(
            name: "RotaplanHeuristic", dependencies: ["RotaplanDomain"],
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        // Deterministic synthetic scenarios for every Nanchang county and district.
        .target(name: "RotaplanGenerator", dependencies: ["RotaplanDomain"]),
        // The independent plan checker: shares only the scenario loader and distances.
        .target(
            name: "RotaplanVerify", dependencies: ["RotaplanDomain"],
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        // What a solve produced, GLPK-free: the county plan and its parts' reports, years,
        // variants, hires, and plan.json. Read by the report, the ledger and the workstation.
        .target(name: "RotaplanResults", dependencies: ["RotaplanDomain"]),
        // Solving a county: decomposition, threads, limits, diagnosis, several years, variants,
        // hires. The only module that solves.
        .target(
            name: "RotaplanPlanner",
            dependencies: [
                "RotaplanDomain", "RotaplanResults", "LinearModel", "GLPKBackend", "RotaplanFormulation", "RotaplanHeuristic",
            ]
        ),
        // Workbooks in and out: scenarios read from .xlsx, sheets written as .xlsx, the template.
        // Optimised in debug builds too: unoptimised, `check` of a city's workbook took 15 s
        // instead of 2.6 s, and the tests read workbooks many times.
        .target(
            name: "RotaplanSpreadsheet",
            dependencies: ["RotaplanDomain", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        // The county's record of secondments in SQLite: published plans, amendments as events,
        // the current state derived from them, service records, history for the next year.
        .target(
            name: "RotaplanLedger",
            dependencies: [
                "RotaplanDomain", "RotaplanResults", "RotaplanSpreadsheet", "RotaplanVerify", "RotaplanReport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // The office's accounts in ROOT/users.sqlite: roles and what each may do, bcrypt password
        // hashes, sign-in with lock-out, persisted sessions, the audit record. No solver.
        .target(
            name: "RotaplanAccounts",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ]
        ),
        // The HR workstation in a browser (`rotaplan serve`): pages, uploads, background solves
        // and the ledger over the same library as the commands; no solving or plan logic of its own.
        .target(
            name: "RotaplanWeb",
            dependencies: [
                "RotaplanDomain", "RotaplanResults", "RotaplanWorkflow", "RotaplanReport", "RotaplanVerify", "RotaplanSpreadsheet",
                "RotaplanLedger", "RotaplanAccounts", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // A solved plan into files and words: plan.json, the lists, plan.xlsx, report.html,
        // comparisons, explanations, the plan folder written whole.
        .target(
            name: "RotaplanReport",
            dependencies: [
                "RotaplanDomain", "RotaplanResults", "RotaplanVerify", "RotaplanSpreadsheet",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // The year's work as one workflow for the commands and the workstation: open a scenario,
        // objections as pins, solve or re-plan, write the plan folder, what-if, hire.
        .target(
            name: "RotaplanWorkflow",
            dependencies: [
                "RotaplanDomain", "RotaplanResults", "LinearModel", "RotaplanPlanner", "RotaplanReport", "RotaplanSpreadsheet",
                "RotaplanLedger",
            ]
        ),
        // The commands: they parse and call the library; a library so tests can run them in-process.
        .target(
            name: "RotaplanCLI",
            dependencies: [
                "RotaplanDomain", "RotaplanResults", "RotaplanPlanner", "RotaplanWorkflow", "RotaplanReport", "RotaplanVerify",
                "RotaplanGenerator", "RotaplanSpreadsheet", "RotaplanLedger", "RotaplanWeb", "RotaplanAccounts",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "rotaplan", dependencies: ["RotaplanCLI"]),
        .testTarget(
            name: "RotaplanTests",
            dependencies: [
                "RotaplanDomain", "LinearModel", "GLPKBackend", "RotaplanFormulation", "RotaplanHeuristic",
                "RotaplanVerify", "RotaplanResults", "RotaplanPlanner", "RotaplanReport", "RotaplanGenerator", "RotaplanSpreadsheet", "RotaplanLedger",
                "RotaplanWeb", "RotaplanAccounts", "RotaplanCLI", "rotaplan", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            // Python run by the spreadsheet tests (LibreOffice's UNO bridge, openpyxl).
            exclude: ["Support/Scripts"],
            // A ledger written by the first schema version, opened by the migration test.
            resources: [.copy("Fixtures")]
        ),
    ]
)
