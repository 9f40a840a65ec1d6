// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "SupportDojo",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "dojo", targets: ["dojo"]),
    .library(name: "DojoCore", targets: ["DojoCore"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/onevcat/Rainbow", from: "4.2.2"),
  ],
  targets: [
    .systemLibrary(name: "CStemmer", providers: [.apt(["libstemmer-dev"])]),
    .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
    // PostgreSQL's C client, for the team store (`PostgresStore`): libpq-dev's header at build
    // time; libpq.so.5 is loaded when a postgres:// store is first opened, not linked (a
    // session on SQLite never maps it and the libraries it pulls in).
    .target(name: "CLibPQ"),
    // SHA-256 for `dojo store migrate`'s content hashes (was OpenSSL's libcrypto, linked into
    // every process for this one use).
    .target(name: "CSHA256"),
    .target(
      name: "DojoCore",
      dependencies: ["CStemmer", .product(name: "Yams", package: "Yams")]
    ),
    .target(
      name: "DojoStore",
      dependencies: ["DojoCore", "CLibPQ", "CSHA256", .product(name: "GRDB", package: "GRDB.swift")]
    ),
    .target(
      name: "DojoConsole",
      dependencies: ["DojoCore", "DojoStore", "CReadline", "Rainbow"]
    ),
    .executableTarget(
      name: "dojo",
      dependencies: [
        "DojoCore", "DojoStore", "DojoConsole",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // The Python peer of the scorer (Sources/dojo-bench/peer/, `make bench-peer`) is not Swift.
    .executableTarget(name: "dojo-bench", dependencies: ["DojoCore", "DojoStore"], path: "Sources/dojo-bench", exclude: ["peer"]),
    // The baseline the start-up benchmarks are measured against: a Swift hello world (`make
    // release` builds it on its own, linked as Swift programs are by default).
    .executableTarget(name: "dojo-hello", path: "Sources/dojo-hello"),
    // libFuzzer target for the matcher (`make fuzz-matcher`); a plain build replays a corpus.
    .executableTarget(name: "dojo-fuzz-matcher", dependencies: ["DojoCore", "DojoFuzzSupport"], path: "Sources/dojo-fuzz-matcher"),
    .executableTarget(name: "dojo-fuzz-yaml", dependencies: ["DojoCore", "DojoFuzzSupport"], path: "Sources/dojo-fuzz-yaml"),
    // The corpus replay both fuzz targets run in a plain build.
    .target(name: "DojoFuzzSupport", path: "Sources/DojoFuzzSupport"),
    .testTarget(name: "DojoCoreTests", dependencies: ["DojoCore", "DojoConsole"], resources: [.copy("Fixtures")]),
    .testTarget(name: "DojoStoreTests", dependencies: ["DojoStore", "DojoCore"]),
    .testTarget(name: "DojoConsoleTests", dependencies: ["DojoConsole", "DojoStore", "DojoCore"]),
    .testTarget(name: "DojoCLITests", dependencies: ["DojoCore", "DojoStore"], exclude: ["Fixtures"]),
  ],
  swiftLanguageModes: [.v6]
)
