"""The Qt-free core: data, storage, services and file formats. Never imports PySide6."""
