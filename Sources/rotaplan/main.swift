import Foundation
import RotaplanCLI

exit(Rotaplan.run(Array(CommandLine.arguments.dropFirst())))
