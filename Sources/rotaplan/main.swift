import Foundation
import RotaplanCLI

#if os(Linux)
    // glibc's mallopt, not exported by the Glibc module (malloc.h). M_ARENA_MAX is -8.
    @_silgen_name("mallopt") private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32

    // Every GLPK solve runs on a thread of its own (GLPKBackend), and glibc gives threads up to
    // 8 malloc arenas per core, each keeping what it freed: the whole city's Part 2, a few
    // thousand small solves, peaked at 163–207 MB with them. Two arenas, one per core.
    _ = mallopt(-8, 2)
#endif

exit(Rotaplan.run(Array(CommandLine.arguments.dropFirst())))
