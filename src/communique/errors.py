"""One root exception; the CLI turns each into "Error: ..." and an exit code.

    CommuniqueError
     +-- StoreError      the database cannot be opened or written
     +-- ProfileError    an organization profile file is missing or malformed
     +-- ExportError     an export cannot be written
"""


class CommuniqueError(Exception):
    """Root of every error communique raises on purpose."""


class StoreError(CommuniqueError):
    pass


class ProfileError(CommuniqueError):
    pass


class ExportError(CommuniqueError):
    pass
