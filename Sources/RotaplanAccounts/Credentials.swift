import Foundation
import HummingbirdBcrypt

/// The rules for account names and passwords (docs/workstation.md "Accounts"), each a message
/// that says what is expected.
public enum Credentials {
    /// The shortest password accepted, in characters (NIST SP 800-63B's minimum for a
    /// password a person chooses).
    public static let minimumPasswordLength = 8
    /// The longest password accepted, in UTF-8 bytes: bcrypt reads no further, and a longer
    /// password would silently match any other with the same first 72 bytes.
    public static let maximumPasswordBytes = 72
    /// The longest name or display name, in characters.
    public static let maximumNameLength = 64

    /// A name as it is kept: surrounding white space trimmed, canonical Unicode (NFC), so
    /// that `张三` typed on any keyboard is the same name. Throws when it is empty, too long
    /// or holds control characters.
    public static func name(_ raw: String, what: String = "name") throws(AccountsError) -> String {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping
        if name.isEmpty { throw AccountsError("the \(what) is empty; give the person's name (any script, e.g. 张三).") }
        if name.count > maximumNameLength {
            throw AccountsError("the \(what) '\(name.prefix(20))…' is \(name.count) characters long; at most \(maximumNameLength) are allowed.")
        }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) {
            throw AccountsError("the \(what) holds a control character; give it as plain text.")
        }
        return name
    }

    /// A password made comparable (NFKC, so full-width `１２３` typed through a Chinese input
    /// method is `123`) and checked: at least `minimumPasswordLength` characters, at most
    /// `maximumPasswordBytes` UTF-8 bytes, no control characters, not the account's name.
    public static func password(_ raw: String, name: String) throws(AccountsError) -> String {
        let password = normalised(raw)
        if password.isEmpty { throw AccountsError("the password is empty; give at least \(minimumPasswordLength) characters.") }
        if password.count < minimumPasswordLength {
            throw AccountsError("the password is \(password.count) characters long; give at least \(minimumPasswordLength).")
        }
        if password.utf8.count > maximumPasswordBytes {
            throw AccountsError(
                "the password is \(password.utf8.count) bytes long in UTF-8; bcrypt reads at most \(maximumPasswordBytes) (72 letters or digits, 24 Chinese characters). Give a shorter one."
            )
        }
        if password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw AccountsError("the password holds a control character (a tab or line break); give it as one line of text.")
        }
        if Account.key(password) == Account.key(name) {
            throw AccountsError("the password is the account's name; choose another.")
        }
        return password
    }

    /// The form a password is hashed and compared in.
    static func normalised(_ password: String) -> String {
        password.precomposedStringWithCompatibilityMapping
    }

    /// A bcrypt hash of an already checked password at `cost` (log2 of its rounds).
    static func hash(_ password: String, cost: UInt8) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    /// Whether `password` matches `hash`. A password that could not have been stored (a NUL
    /// would cut it short in C, past 72 bytes bcrypt would ignore the rest) never matches.
    static func verify(_ password: String, hash: String) -> Bool {
        let password = normalised(password)
        guard !password.utf8.contains(0), password.utf8.count <= maximumPasswordBytes else {
            _ = Bcrypt.verify("", hash: hash)  // the same work as a real comparison
            return false
        }
        return Bcrypt.verify(password, hash: hash)
    }

    /// The cost a bcrypt hash was made with (`$2b$12$…` → 12).
    static func cost(of hash: String) -> UInt8? {
        let parts = hash.split(separator: "$", omittingEmptySubsequences: true)
        guard parts.count >= 2 else { return nil }
        return UInt8(parts[1])
    }

    /// The costs `Bcrypt.hash` accepts (it stops the process on any other).
    static let costs: ClosedRange<UInt8> = 4...31
}
