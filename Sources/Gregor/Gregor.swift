@_exported import GregorProtocol
