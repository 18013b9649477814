import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Why a file could not be read or written, in the office's words rather than Foundation's
/// ("The operation could not be completed. (NSCocoaErrorDomain error 256.)" says nothing).
public struct FileTrouble: Sendable, Equatable {
    public let english: String
    public let chinese: String

    /// The reason `error` gives for the file at `url`: a folder where a file belongs, a file that
    /// is not there (when `reading`), a file that is not JSON, or the system's reason.
    public init(_ error: any Error, at url: URL, reading: Bool = true) {
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder)
        if exists && isFolder.boolValue {
            (english, chinese) = ("it is a folder, not a file", "这是文件夹，不是文件")
        } else if !exists && reading {
            (english, chinese) = ("there is no such file", "文件不存在")
        } else if error is DecodingError {
            (english, chinese) = ("its content is not rotaplan's JSON", "内容不是 rotaplan 的 JSON")
        } else if let posix = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            let reason = String(cString: strerror(Int32(posix.code)))
            (english, chinese) = (reason, reason)
        } else {
            (english, chinese) = (error.localizedDescription, error.localizedDescription)
        }
    }
}
