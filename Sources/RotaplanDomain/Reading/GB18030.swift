import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// GB18030, the encoding Chinese Excel and WPS write when they save "CSV", and Chinese Windows
/// writes a zipped folder's names in: decoded with the C library's iconv, which every Linux has.
public enum GB18030 {
    /// The text of `bytes`, or nil when they are not GB18030.
    public static func decode(_ bytes: [UInt8]) -> String? {
        let converter = iconv_open("UTF-8", "GB18030")
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = bytes
        // GB18030 takes 1 to 4 bytes per character; UTF-8 at most 4: never more than double.
        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 4)
        let capacity = output.count
        var outputLeft = capacity
        let complete = input.withUnsafeMutableBytes { inBytes -> Bool in
            output.withUnsafeMutableBytes { outBytes -> Bool in
                var inPointer = inBytes.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outPointer = outBytes.baseAddress?.assumingMemoryBound(to: CChar.self)
                var inputLeft = inBytes.count
                return iconv(converter, &inPointer, &inputLeft, &outPointer, &outputLeft) != -1 && inputLeft == 0
            }
        }
        guard complete else { return nil }
        return String(decoding: output.prefix(capacity - outputLeft), as: UTF8.self)
    }
}
