// Filled in by the issue that builds this module.
import RotaplanDomain
