"""A file made by a download click survives other sessions' runs until the browser fetches it."""

from __future__ import annotations

from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from dashboard.web.widgets import keep_made_downloads


def clicked(execute) -> tuple[MediaFileManager, MemoryMediaFileStorage, str]:
    storage = MemoryMediaFileStorage("/media")
    manager = MediaFileManager(storage)
    placeholder = manager.add_deferred(lambda: b"a,b\n", "text/csv", "1.2.3", "x.csv")
    url = execute(manager, placeholder)
    return manager, storage, url.rsplit("/", 1)[1].split(".")[0]


def present(storage: MemoryMediaFileStorage, file_id: str) -> bool:
    try:
        storage.get_file(file_id)
    except MediaFileStorageError:
        return False
    return True


def test_streamlit_alone_deletes_the_made_file_after_two_runs_of_any_session() -> None:
    keep_made_downloads()
    manager, storage, made = clicked(MediaFileManager.execute_deferred.streamlit_own)
    manager.remove_orphaned_files()
    manager.remove_orphaned_files()
    assert not present(storage, made), "Streamlit now keeps the file: keep_made_downloads can go"


def test_the_made_file_stays_until_the_sessions_next_full_run() -> None:
    keep_made_downloads()
    keep_made_downloads()
    manager, storage, made = clicked(MediaFileManager.execute_deferred)
    for _ in range(5):
        manager.remove_orphaned_files()
    assert present(storage, made)
    manager.clear_session_refs()
    manager.remove_orphaned_files()
    manager.remove_orphaned_files()
    assert not present(storage, made)
