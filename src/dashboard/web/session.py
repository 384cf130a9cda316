"""The session: every `st.session_state` key the app uses is named here, and only this module
reads or writes shared state. Pages and widgets use these names and accessors.

Widget keys double as stable test ids for AppTest and the browser tests.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any, NamedTuple

import streamlit as st

from dashboard.analysis.policy.catalogue import Catalogue, bundled_catalogue
from dashboard.domain.access import Tier
from dashboard.domain.dataset import Dataset
from dashboard.domain.labels import dataset_title
from dashboard.io.datasets import bundled_datasets
from dashboard.io.problems import Problem
from dashboard.web.cache import UPLOAD_PREFIX, load_bundled

# -- sidebar: dataset and shared filters (bound to the URL) -----------------------------------
LANGUAGE = "lang"
DATASET = "dataset"
SECTOR, REGION, MATERIAL, PLACE = "sector", "region", "material", "place"
FILTER_KEYS = (SECTOR, REGION, MATERIAL, PLACE)
UPLOADS = "uploads"
_DATA = "page_data"
_SEEDED = "url_seeded_"
_OWNER = "owner"
_UPLOAD_WIDGET = "upload_widget"
_PENDING_UPLOAD = "pending_upload"

# -- Data page --------------------------------------------------------------------------------
DATA_TABS = "data_tabs"
UPLOAD_FILES, UPLOAD_NAME_INPUT, UPLOAD_BUTTON = "upload_files", "upload_name_input", "upload_go"
UPLOAD_PROBLEMS, _UPLOAD_NAME = "upload_problems", "upload_name"
UPLOAD_PROBLEMS_TABLE = "problems"
UPLOAD_DELETE = "upload_delete"
EWC_QUERY, EWC_TABLE, VOCABULARY = "ewc_query", "ewc_codes", "vocabulary"
TEMPLATE_XLSX, TEMPLATE_ZIP = "template_xlsx", "template_zip"
CURRENT_ZIP, CURRENT_XLSX = "current_zip", "current_xlsx"


def browse_key(table: str) -> str:
    return f"browse_{table}"


def download_key(table: str) -> str:
    return f"download_{table}"


def bundled_key(dataset_id: str) -> str:
    return f"bundled_{dataset_id}"


# -- Home page --------------------------------------------------------------------------------
HOME_SECTORS, HOME_REGIONS, HOME_PROVENANCE = "sectors", "regions", "provenance"
HOME_FILTERS = "home_filters"

# -- Map page ---------------------------------------------------------------------------------
MAP = "map_view"
MAP_MAX_KM, MAP_MIN_SCORE, MAP_LAYERS = "map_max_km", "map_min_score", "map_layers"
MAP_UNIT, MAP_CHOROPLETH, MAP_TILES = "map_unit", "map_choropleth", "map_tiles"
MAP_COMPANY, MAP_CANDIDATES, MAP_DOWNLOAD = "map_company", "map_candidates", "map_download"
MAP_PLACE, MAP_ALL_CANDIDATES = "map_place", "map_all_candidates"
WINDOW_HEIGHT, WINDOW_HEIGHT_KNOWN = "window_height", "window_height_known"
_MAP_LAST_CLICK = "map_last_clicks"
SELECTED_COMPANY = "selected_company"


def panel_key(table: str) -> str:
    return f"panel_{table}"


# -- Flows page -------------------------------------------------------------------------------
SANKEY_VIEW, SANKEY_LEVEL, SANKEY_STATUSES = "sankey_view", "sankey_level", "sankey_statuses"
SANKEY_CANDIDATES, SANKEY_MIN_SCORE = "sankey_candidates", "sankey_min_score"
SANKEY_OTHER, SANKEY_ONLY_SELECTED = "sankey_other", "sankey_only_selected"
SANKEY_ALLOCATION, SANKEY_STRUCTURE = "sankey_allocation", "sankey_structure"
UNKNOWN_FLOWS, LOOP_FLOWS = "unknown_flows", "loop_flows"
_SANKEY_IMAGES = "sankey_images"


def sankey_key(kind: str, unit: str) -> str:
    """Key of a unit's diagram (`chart`), of one of its downloads (`png`, `svg`, `csv`), of its
    button that renders the images (`prepare`) or of its table of loops (`loops`)."""
    slug = unit.replace("/", "_per_")
    return f"sankey_{slug}" if kind == "chart" else f"{kind}_{slug}"


def sankey_images(unit: str, digest: str) -> dict[str, object] | None:
    """The images rendered for a unit's diagram, when they were made of this very figure."""
    held = st.session_state.get(_SANKEY_IMAGES, {}).get(unit)
    return held if held and held.get("digest") == digest else None


def set_sankey_images(unit: str, images: dict[str, object]) -> None:
    """Keep the last images rendered of a unit's diagram (one set per unit)."""
    st.session_state.setdefault(_SANKEY_IMAGES, {})[unit] = images


_MAP_LAYERS = "_map_built_layers"


def map_layers(key: tuple) -> list | None:
    """The map layers this session built last, when they were built for `key`."""
    held = st.session_state.get(_MAP_LAYERS)
    return held[1] if held is not None and held[0] == key else None


def set_map_layers(key: tuple, layers: list) -> None:
    """Keep the map layers built for `key` (one set per session: folium objects are not shared
    between sessions, whose runs may overlap)."""
    st.session_state[_MAP_LAYERS] = (key, layers)


# -- Chains page ------------------------------------------------------------------------------
CHAIN = "chainsui_chain"
NEW_NAME, NEW_MEMBERS, SAVE = "chainsui_new_name", "chainsui_new_members", "chainsui_save"
BUILD = "chainsui_build"
RECONCILIATION = "chainsui_reconciliation"
RENAME, RENAME_BUTTON = "chainsui_rename", "chainsui_rename_button"
EDIT_MEMBERS = "chainsui_edit_members"
MANAGE, DELETE = "chainsui_manage", "chainsui_delete"
COMPARE, PERCENT, ONLY_USED = "chainsui_compare", "chainsui_percent", "chainsui_only_used"
TABS, DIAGRAM, CHAIN_MAP = "chainsui_tabs", "chainsui_diagram", "chains_map"
CSV, HTML, PDF = "chainsui_csv", "chainsui_html", "chainsui_pdf"
SCORER, SHEET_SAVE, SHEET_SUGGEST = "mca_scorer", "mca_sheet_save", "mca_sheet_suggest"
SHEET_AGGREGATE, SHEET_CSV = "mca_sheet_aggregate", "mca_sheet_csv"
SHEET_MATRIX, READINESS_MATRIX, SHEET_RADAR = "mca_matrix", "mca_readiness", "mca_radar"


def sheet_editor_key(part: str, chain_key: str, draft: str) -> str:
    """Key of a scoring sheet's editor (`criteria` or `readiness`) for a chain and the draft it
    starts from, so that another chain or a reloaded draft starts a fresh editor."""
    digest = hashlib.sha1(f"{chain_key}|{draft}".encode()).hexdigest()[:12]
    return f"mca_{part}_{digest}"


_DRAFTS = "_mca_drafts"


def sheet_draft(chain_key: str) -> tuple | None:
    """The entries this session took from the suggestions for a chain, not yet saved."""
    return st.session_state.get(_DRAFTS, {}).get(chain_key)


def set_sheet_draft(chain_key: str, entries: tuple | None) -> None:
    drafts = dict(st.session_state.get(_DRAFTS, {}))
    if entries is None:
        drafts.pop(chain_key, None)
    else:
        drafts[chain_key] = entries
    st.session_state[_DRAFTS] = drafts


FACTORS_RESET, COMPARE_CHART = "chainsui_factors_reset", "chainsui_compare_chart"
_MANAGE_FOR, _MESSAGE = "chainsui_manage_for", "chainsui_message"
FACTOR_OVERRIDES, _FACTOR_VERSION = "chainsui_overrides", "chainsui_factor_version"
FATE_CHOICES, _FATE_VERSION = "chainsui_fates", "chainsui_fate_version"
FATES_RESET = "chainsui_fates_reset"


def weight_key(criterion: str) -> str:
    return f"chainsui_weight_{criterion}"


def delete_confirm_key(chain_id: str) -> str:
    """The delete confirmation of one saved chain: opened for that chain only."""
    return f"chainsui_delete_confirm_{chain_id}"


def chain_table_key(name: str) -> str:
    return f"chainsui_{name}"


def fate_editor_key(digest: str) -> str:
    """The fate table editor's key: new after a reset and per set of exchanges."""
    return f"chainsui_fate_editor_{st.session_state.get(_FATE_VERSION, 0)}_{digest}"


def factor_editor_key(digest: str) -> str:
    """A factor table editor's key: new after a reset (so edits are cleared) and per row set."""
    return f"chainsui_factors_{st.session_state.get(_FACTOR_VERSION, 0)}_{digest}"


# -- Policy page ------------------------------------------------------------------------------
POLICY_TABS, POLICY_CHAIN, POLICY_JURISDICTIONS = "policy_tabs", "policy_chain", "policy_jur"
POLICY_TYPES, POLICY_CATEGORIES, POLICY_TEXT = "policy_type", "policy_category", "policy_text"
POLICY_UPLOAD, POLICY_UPLOAD_BUTTON, POLICY_RESET = "policy_upload", "policy_go", "policy_reset"
POLICY_DOWNLOAD_MEASURES, POLICY_DOWNLOAD_CATALOGUE = (
    "policy_download_measures", "policy_download_catalogue",
)  # fmt: skip
POLICY_DOWNLOAD_TEMPLATE = "policy_download_template"
_POLICY_CATALOGUE, _POLICY_PROBLEMS = "policy_catalogue", "policy_problems"


def policy_box(name: str) -> str:
    """Key of a container around one of the Policy page's tables (a test id)."""
    return f"policy_box_{name}"


# -- the Policy page's what-if ----------------------------------------------------------------
SCENARIO_FORM, SCENARIO_RUN, SCENARIO_CO2 = "scenario_form", "scenario_run", "scenario_co2"
SCENARIO_NAME, SCENARIO_SAVE, SCENARIO_SAVED = "scenario_name", "scenario_save", "scenario_saved"
SCENARIO_LOAD, SCENARIO_DELETE = "scenario_load", "scenario_delete"
SCENARIO_DOWNLOAD, SCENARIO_CHART = "scenario_download", "scenario_chart"
_SCENARIO_RUNS, _SCENARIO_MESSAGE = "scenario_runs", "scenario_message"


def scenario_input_key(change_key: str) -> str:
    """The widget of one change (`gate_fee.landfill.RU` -> `scenario_in_gate_fee_landfill_RU`)."""
    return "scenario_in_" + "".join(c if c.isalnum() else "_" for c in change_key)


def scenario_box(name: str) -> str:
    """Key of a container around one of the what-if's tables (a test id)."""
    return f"scenario_box_{name}"


def scenario_run(dataset_key: str) -> tuple[tuple[str, str], ...] | None:
    """The changes of the what-if last run on a dataset in this session, None before any."""
    return st.session_state.get(_SCENARIO_RUNS, {}).get(dataset_key)


def set_scenario_run(dataset_key: str, changes: Iterable[tuple[str, str]]) -> None:
    st.session_state.setdefault(_SCENARIO_RUNS, {})[dataset_key] = tuple(changes)


def scenario_flash(kind: str, text: str) -> None:
    """A message of the what-if to show once, on its next run (`success` or `warning`)."""
    st.session_state[_SCENARIO_MESSAGE] = (kind, text)


def take_scenario_flash() -> tuple[str, str] | None:
    return st.session_state.pop(_SCENARIO_MESSAGE, None)


# -- the page data ----------------------------------------------------------------------------


class PageData(NamedTuple):
    """What every page works on: the chosen dataset, its filtered view, and its cache key."""

    full: Dataset
    view: Dataset
    key: str


def set_data(data: PageData) -> None:
    st.session_state[_DATA] = data


def data() -> PageData:
    """The dataset chosen in the sidebar of this run, filtered and whole."""
    return st.session_state[_DATA]


def choice() -> str | None:
    return st.session_state.get(DATASET)


def filters() -> dict[str, tuple[str, ...]]:
    """The shared filters chosen in the sidebar: sector, region, material, place."""
    return {kind: tuple(st.session_state.get(kind) or ()) for kind in FILTER_KEYS}


def keep_only(key: str, allowed: Iterable[object]) -> None:
    """Drop from a widget's value what is no longer an option (or the value, for one choice)."""
    if key not in st.session_state:
        return
    allowed = set(allowed)
    value = st.session_state[key]
    if isinstance(value, list):
        st.session_state[key] = [v for v in value if v in allowed]
    elif value not in allowed:
        del st.session_state[key]


def seed_from_url(key: str, allowed: Iterable[str], many: bool) -> None:
    """Give a shared widget the value in the page address, once per session (a shared link):
    codes, never labels, so a link does not depend on the interface language; values that are
    not options are dropped."""
    if key in st.session_state or st.session_state.get(_SEEDED + key):
        return
    st.session_state[_SEEDED + key] = True
    allowed = list(allowed)
    found = [v for v in st.query_params.get_all(key) if v in allowed]
    if many:
        st.session_state[key] = list(dict.fromkeys(found))
    elif found:
        st.session_state[key] = found[0]


def write_to_url(key: str, chosen: str | list[str] | None) -> None:
    """Put a shared widget's value (codes) into the page address; nothing when it is empty."""
    values = [chosen] if isinstance(chosen, str) else list(chosen or [])
    if values:
        if st.query_params.get_all(key) != values:
            st.query_params[key] = values
    elif key in st.query_params:
        del st.query_params[key]


def interface_language(available: Iterable[str]) -> str:
    """The language of this run: the page address's `lang`, else the one chosen before, else
    Russian for a browser that prefers Russian and English otherwise."""
    available = list(available)
    seed_from_url(LANGUAGE, available, many=False)
    if st.session_state.get(LANGUAGE) not in available:
        locale = (st.context.locale or "").lower()
        st.session_state[LANGUAGE] = "ru" if locale.startswith("ru") and "ru" in available else "en"
    return st.session_state[LANGUAGE]


def run_language() -> str | None:
    """The language this session chose (`interface_language` set it on the last full run):
    what a fragment's own rerun, which skips the app's entry point, must set again."""
    return st.session_state.get(LANGUAGE)


def set_value(key: str, value: Any) -> None:
    st.session_state[key] = value


def value(key: str, default: Any = None) -> Any:
    return st.session_state.get(key, default)


def default(key: str, value: Any) -> Any:
    """A widget's value, set to `value` first when it has none."""
    return st.session_state.setdefault(key, value)


# -- uploads ----------------------------------------------------------------------------------


def uploads() -> dict[str, Dataset]:
    """This session's uploaded datasets by upload id (the hash of their files)."""
    return st.session_state.setdefault(UPLOADS, {})


MAX_UPLOADS = 3
"""Uploads one session keeps in memory; opening another drops the oldest (it stays stored)."""


def owner() -> str:
    """This browser session's token: it owns the uploads made in it."""
    return st.session_state.setdefault(_OWNER, uuid.uuid4().hex)


def keep_upload(upload_id: str, dataset: Dataset) -> None:
    """Hold an upload in this session; beyond MAX_UPLOADS the oldest is dropped."""
    held = uploads()
    held.pop(upload_id, None)
    held[upload_id] = dataset
    while len(held) > MAX_UPLOADS:
        held.pop(next(iter(held)))


def select_upload(upload_id: str, dataset: Dataset) -> None:
    """Hold an accepted upload and select it, with the filters cleared (from a callback, before
    the sidebar's widgets exist; during a run, `select_upload_next_run`)."""
    keep_upload(upload_id, dataset)
    st.session_state[DATASET] = UPLOAD_PREFIX + upload_id
    for key in FILTER_KEYS:
        st.session_state[key] = []


def select_upload_next_run(upload_id: str, dataset: Dataset) -> None:
    """Hold an accepted upload now and select it at the start of the next run."""
    keep_upload(upload_id, dataset)
    st.session_state[_PENDING_UPLOAD] = upload_id


def select_pending_upload() -> None:
    """Select the upload a run accepted, before the sidebar's widgets exist."""
    upload_id = st.session_state.pop(_PENDING_UPLOAD, None)
    if upload_id is not None and upload_id in uploads():
        select_upload(upload_id, uploads()[upload_id])


def forget_upload(upload_id: str) -> None:
    """Drop an upload from this session and select the default dataset."""
    uploads().pop(upload_id, None)
    if st.session_state.get(DATASET) == UPLOAD_PREFIX + upload_id:
        st.session_state[DATASET] = DEFAULT_DATASET


def upload_files_key() -> str:
    """The file uploader's key: a new one after each accepted upload, which empties it, so the
    files of one upload never mix with the next."""
    return f"{UPLOAD_FILES}_{st.session_state.get(_UPLOAD_WIDGET, 0)}"


def next_upload_widget() -> None:
    st.session_state[_UPLOAD_WIDGET] = st.session_state.get(_UPLOAD_WIDGET, 0) + 1


def set_upload_result(name: str, problems: list[Problem]) -> None:
    st.session_state[UPLOAD_PROBLEMS] = problems
    st.session_state[_UPLOAD_NAME] = name


def upload_result() -> tuple[str | None, list[Problem] | None]:
    """(name, problems) of the last upload: problems [] when it was accepted, None before any."""
    return st.session_state.get(_UPLOAD_NAME), st.session_state.get(UPLOAD_PROBLEMS)


def linked_upload() -> str | None:
    """The upload id the page address asks for, when this session does not hold it yet."""
    if DATASET in st.session_state or st.session_state.get(_SEEDED + DATASET):
        return None
    wanted = st.query_params.get(DATASET, "")
    if not wanted.startswith(UPLOAD_PREFIX):
        return None
    upload_id = wanted.removeprefix(UPLOAD_PREFIX)
    return None if upload_id in uploads() else upload_id


# -- the dataset choice ---------------------------------------------------------------------

DEFAULT_DATASET = "leningrad"


def dataset_choices() -> dict[str, str]:
    """Picker value -> label: bundled datasets, then this session's uploads."""
    bundled = bundled_datasets()
    order = sorted(bundled, key=lambda key: (key != DEFAULT_DATASET, key))
    choices = {key: dataset_title(bundled[key], key) for key in order}
    for upload_id, dataset in uploads().items():
        choices[UPLOAD_PREFIX + upload_id] = dataset_title(dataset.meta, dataset.name)
    return choices


def get_dataset(choice: str) -> Dataset:
    if choice.startswith(UPLOAD_PREFIX):
        return uploads()[choice.removeprefix(UPLOAD_PREFIX)]
    return load_bundled(choice)


# -- the selected company ---------------------------------------------------------------------


def selected_company() -> str | None:
    """The company last chosen on the map, kept across pages."""
    return st.session_state.get(SELECTED_COMPANY)


def new_click(map_key: str, field: str) -> dict | None:
    """A map's last click (`field` of what its component returned) when it is new since the
    previous run, else None."""
    click = (st.session_state.get(map_key) or {}).get(field)
    seen = st.session_state.setdefault(_MAP_LAST_CLICK, {})
    if not click or click == seen.get(map_key):
        return None
    seen[map_key] = click
    return click


def new_map_click() -> dict | None:
    """The Map page's last clicked company marker when it is new since the previous run."""
    return new_click(MAP, "last_object_clicked")


def choose_company(company_id: str | None, shown: Iterable[str]) -> str | None:
    """Select `company_id` (a click), else keep the picker's or another page's choice; None when
    the choice is not among `shown`. The map picker and the shared selection follow."""
    if company_id is not None:
        st.session_state[MAP_COMPANY] = company_id
    chosen = st.session_state.get(MAP_COMPANY, st.session_state.get(SELECTED_COMPANY))
    chosen = chosen if chosen in set(shown) else None
    st.session_state[MAP_COMPANY] = st.session_state[SELECTED_COMPANY] = chosen
    write_to_url(SELECTED_COMPANY, chosen)
    return chosen


# -- the policy catalogue ---------------------------------------------------------------------


def policy_catalogue() -> Catalogue:
    """The catalogue this session uses: an uploaded one, else the bundled one."""
    return st.session_state.get(_POLICY_CATALOGUE) or bundled_catalogue()


def has_uploaded_catalogue() -> bool:
    return _POLICY_CATALOGUE in st.session_state


def set_policy_upload(catalogue: Catalogue | None, problems: list[Problem]) -> None:
    """Record an upload's problems; an accepted catalogue replaces the current one."""
    st.session_state[_POLICY_PROBLEMS] = problems
    if catalogue is not None:
        st.session_state[_POLICY_CATALOGUE] = catalogue


def reset_policy_catalogue() -> None:
    st.session_state.pop(_POLICY_CATALOGUE, None)
    st.session_state.pop(_POLICY_PROBLEMS, None)


def policy_problems() -> list[Problem] | None:
    return st.session_state.get(_POLICY_PROBLEMS)


# -- the Chains page --------------------------------------------------------------------------


def factor_overrides(known: Iterable[str]) -> dict[str, float]:
    """This session's edited factor values (factor id -> value), of the factors in `known`."""
    known = set(known)
    overrides = st.session_state.setdefault(FACTOR_OVERRIDES, {})
    return {k: float(v) for k, v in overrides.items() if k in known}


def set_factor_overrides(overrides: dict[str, float]) -> None:
    st.session_state[FACTOR_OVERRIDES] = overrides


def reset_factor_overrides() -> None:
    st.session_state[FACTOR_OVERRIDES] = {}
    st.session_state[_FACTOR_VERSION] = st.session_state.get(_FACTOR_VERSION, 0) + 1


def fate_choices(dataset_key: str) -> dict[str, str]:
    """The fates this session chose for exchanges of a dataset (exchange id -> fate)."""
    return dict(st.session_state.setdefault(FATE_CHOICES, {}).get(dataset_key, {}))


def set_fate_choices(dataset_key: str, choices: dict[str, str]) -> None:
    st.session_state.setdefault(FATE_CHOICES, {})[dataset_key] = choices


def reset_fate_choices(dataset_key: str) -> None:
    st.session_state.setdefault(FATE_CHOICES, {}).pop(dataset_key, None)
    st.session_state[_FATE_VERSION] = st.session_state.get(_FATE_VERSION, 0) + 1


def edited_rows(editor_key: str) -> dict:
    return st.session_state[editor_key].get("edited_rows", {})


def flash(kind: str, text: str) -> None:
    """A message to show once, on the next run (`success` or `warning`)."""
    st.session_state[_MESSAGE] = (kind, text)


def take_flash() -> tuple[str, str] | None:
    return st.session_state.pop(_MESSAGE, None)


def managing(chain_id: str) -> bool:
    """True when the manage form already shows `chain_id`; else it is marked as shown."""
    if st.session_state.get(_MANAGE_FOR) == chain_id:
        return True
    st.session_state[_MANAGE_FOR] = chain_id
    return False


def shows_chain(choice: str) -> bool:
    """True when the chain picker names `choice`."""
    return st.session_state.get(CHAIN) == choice


def close_delete_confirm(chain_id: str) -> None:
    st.session_state[delete_confirm_key(chain_id)] = False


def forget_chain(chain_id: str, next_choice: str | None) -> None:
    """After a chain is deleted: its confirmation closed, the picker (and the value kept for
    it) on `next_choice`, a chain that exists (the first one when None), no manage form."""
    st.session_state.pop(delete_confirm_key(chain_id), None)
    st.session_state.pop(_MANAGE_FOR, None)
    for key in (CHAIN, f"{CHAIN}_kept"):
        if next_choice is None:
            st.session_state.pop(key, None)
        else:
            st.session_state[key] = next_choice


def restore(keys: Iterable[str]) -> None:
    """Give widgets back the values they lost while the user was on another page."""
    for key in keys:
        if key not in st.session_state and f"{key}_kept" in st.session_state:
            st.session_state[key] = st.session_state[f"{key}_kept"]


def keep(keys: Iterable[str]) -> None:
    """Remember widget values so that `restore` can give them back."""
    for key in keys:
        if key in st.session_state:
            st.session_state[f"{key}_kept"] = st.session_state[key]


# -- the game ---------------------------------------------------------------------------------
# The page address holds who this browser is in a game, so a reload or a dropped connection
# comes back to the same room and team: `room` (the join code), `team` (the team's token) on
# the Play page, `key` (the trainer key) on the Game page, `view=board` for the projector.
ROOM_PARAM, TEAM_PARAM, KEY_PARAM, VIEW_PARAM = "room", "team", "key", "view"
BOARD_VIEW = "board"
GAME_DECK, GAME_SECTORS, GAME_PER_TEAM = "game_deck", "game_sectors", "game_per_team"
GAME_ROUNDS, GAME_MINUTES, GAME_HINTS = "game_rounds", "game_minutes", "game_hints"
GAME_CREATE = "game_create"
GAME_CONTROLS = "game_controls"
GAME_START, GAME_PAUSE, GAME_RESUME = "game_start", "game_pause", "game_resume"
GAME_NEXT, GAME_END, GAME_REVEAL = "game_next", "game_end", "game_reveal"
GAME_DELETE, GAME_DELETE_CONFIRM = "game_delete", "game_delete_confirm"
GAME_BOARD, GAME_SCOREBOARD, GAME_MAP = "game_board", "game_scoreboard", "game_map"
GAME_TABS, GAME_REPLAY, GAME_HTML, GAME_CSV = "game_tabs", "game_replay", "game_html", "game_csv"
GAME_DEBRIEF, GAME_QR = "game_debrief", "game_qr"
JOIN_CODE, JOIN_NAME, JOIN_BUTTON = "join_code", "join_name", "join_go"
PLAY_STATUS, PLAY_DECK, PLAY_MAP, PLAY_HINTS = "play_status", "play_deck", "play_map", "play_hints"
PLAY_CHAIN, PLAY_NAME = "play_chain", "play_chain_name"
PLAY_GIVER, PLAY_RECEIVER, PLAY_MATERIAL = "play_giver", "play_receiver", "play_material"
PLAY_QUANTITY, PLAY_ADD = "play_quantity", "play_add"
PLAY_CHAINS = "play_chains"
NEW_CHAIN = "__new__"
_GAME_MESSAGE = "game_message"
_GAME_STATE_SEEN = "game_state_seen"


def game_weight_key(part: str) -> str:
    return f"game_weight_{part}"


def quantity_key(giver: object, material: object) -> str:
    """The link builder's quantity, one per giver and material (its default is the have's)."""
    return f"{PLAY_QUANTITY}_{giver}_{material}"


def debrief_key(part: str) -> str:
    """The debrief's tables: `chains`, `difficulties`, `missed`, `teams_only`."""
    return f"game_debrief_{part}"


def game_lock_key(team_id: str) -> str:
    return f"game_lock_{team_id}"


def chain_widget_key(what: str, chain_id: str, extra: str = "") -> str:
    """Key of a widget of one team chain: `diff_category`, `diff_text`, `diff_add`, `accept`,
    `reject`, `remove`, `drop_link` (with `extra`: a measure id or a link position)."""
    return f"play_{what}_{chain_id}" + (f"_{extra}" if extra else "")


def url_param(name: str) -> str | None:
    value = st.query_params.get(name)
    return value or None


def set_url_params(**values: str | None) -> None:
    """Set (or, with None, remove) parameters of the page address."""
    for name, value in values.items():
        if value is None:
            if name in st.query_params:
                del st.query_params[name]
        elif st.query_params.get(name) != value:
            st.query_params[name] = value


def game_flash(kind: str, text: str) -> None:
    st.session_state[_GAME_MESSAGE] = (kind, text)


def take_game_flash() -> tuple[str, str] | None:
    return st.session_state.pop(_GAME_MESSAGE, None)


def state_changed(signature: tuple) -> bool:
    """True when the room's state differs from the one this browser last drew (a live part of
    the page then reruns the whole page); the new one is remembered."""
    seen = st.session_state.get(_GAME_STATE_SEEN)
    st.session_state[_GAME_STATE_SEEN] = signature
    return seen is not None and seen != signature


# -- workshops --------------------------------------------------------------------------------
# The page address holds the workshop's join code (`workshop`), the facilitator's key (`key`,
# on the Workshop page) or the phone's token (`me`, on the Cards page).
WORKSHOP_PARAM, TOKEN_PARAM = "workshop", "me"
WS_TITLE, WS_CREATE, WS_BOARD, WS_QR = "ws_title", "ws_create", "ws_board", "ws_qr"
WS_CARDS, WS_MATCHES, WS_PICK = "ws_cards", "ws_matches", "ws_pick"
WS_ACCEPT, WS_REJECT, WS_REOPEN = "ws_accept", "ws_reject", "ws_reopen"
WS_MERGE_INTO, WS_MERGE, WS_USE = "ws_merge_into", "ws_merge", "ws_use"
WS_JOIN_CODE, WS_JOIN = "ws_join_code", "ws_join"
CARD_KIND, CARD_COMPANY, CARD_TEXT, CARD_EWC = "card_kind", "card_company", "card_text", "card_ewc"
CARD_QTY, CARD_UNIT, CARD_FREQUENCY = "card_quantity", "card_unit", "card_frequency"
CARD_PLACE, CARD_ACTIVITY, CARD_NACE = "card_place", "card_activity", "card_nace"
CARD_SHARE, CARD_ADD, CARD_MINE = "card_share", "card_add", "card_mine"
CARD_MATERIAL, CARD_MAP = "card_material", "card_map"
_CARD_POINT = "card_point"
WS_EDIT_PICK, WS_EDIT_FORM, WS_EDIT_SAVE = "ws_edit_pick", "ws_edit_form", "ws_edit_save"


def ws_edit_key(field: str, card_id: str) -> str:
    """A field of the facilitator's form correcting one card."""
    return f"ws_edit_{field}_{card_id}"
_CARDS_SEEN = "ws_cards_seen"


def cards_changed(signature: tuple) -> bool:
    """True when the workshop holds other cards than this browser last drew (the live part
    of the page then reruns the whole page, whose card pickers list them); remembered."""
    seen = st.session_state.get(_CARDS_SEEN)
    st.session_state[_CARDS_SEEN] = signature
    return seen is not None and seen != signature


# -- Examples page ----------------------------------------------------------------------------
EX_SECTOR, EX_COUNTRY, EX_MATERIAL, EX_TYPE = "ex_sector", "ex_country", "ex_material", "ex_type"
EX_CASE, EX_MAP, EX_DIAGRAM = "ex_case", "ex_map", "ex_diagram"


def examples_sankey_key(unit: str) -> str:
    return "ex_sankey_" + unit.replace("/", "_per_")


def examples_table_key(part: str) -> str:
    """A case's tables: `exchanges`, `results`, `partners`, `sources`."""
    return f"ex_table_{part}"


# -- Presentation page ------------------------------------------------------------------------
# The address holds the deck (`deck=<id>`), the slide shown (`slide=3`, 1-based) and, full
# screen for the projector, `view=present`.
DECK_PARAM, SLIDE_PARAM, PRESENT_VIEW = "deck", "slide", "present"
DECK_PICK, DECK_NEW_NAME, DECK_CREATE = "deck_pick", "deck_new_name", "deck_create"
DECK_RENAME, DECK_RENAME_BUTTON, DECK_DELETE = "deck_rename", "deck_rename_go", "deck_delete"
DECK_ADD_KIND, DECK_ADD_REF, DECK_ADD_ROOM = "deck_add_kind", "deck_add_ref", "deck_add_room"
DECK_ADD, DECK_PRESENT, DECK_HTML, DECK_PDF = "deck_add", "deck_present", "deck_html", "deck_pdf"
DECK_PDF_MAKE = "deck_pdf_make"
SLIDE, SLIDE_PREV, SLIDE_NEXT, SLIDE_EXIT = "slide", "slide_prev", "slide_next", "slide_exit"
SLIDE_CHART, SLIDE_CONTROLS = "slide_chart", "slide_controls"
_DECK_PDF = "deck_pdf_bytes"


def slide_key(what: str, index: int) -> str:
    """A deck row (`row`) and its widgets: `up`, `down`, `remove`, `note`, `show`."""
    return f"slide_{what}_{index}"


def set_deck_pdf(deck_id: str, signature: str, data: bytes | None) -> None:
    st.session_state[_DECK_PDF] = (deck_id, signature, data)


def deck_pdf(deck_id: str, signature: str) -> bytes | None:
    """The PDF made for this deck as it is now (`signature`), if one was made."""
    kept = st.session_state.get(_DECK_PDF)
    return kept[2] if kept and kept[:2] == (deck_id, signature) else None


# -- the Living Lab pipeline --------------------------------------------------------------------
PL_CHAIN, PL_OWNER, PL_SINCE, PL_FOLLOW = "pl_chain", "pl_owner", "pl_since", "pl_follow"
PL_STAGE, PL_ON, PL_REASON = "pl_stage", "pl_on", "pl_reason"
PL_NOTE, PL_MOVE = "pl_note", "pl_move"
PL_NOTE_ON, PL_NOTE_TEXT, PL_NOTE_AUTHOR = "pl_note_on", "pl_note_text", "pl_note_author"
PL_ADD_NOTE, PL_SET_OWNER, PL_NEW_OWNER = "pl_add_note", "pl_set_owner", "pl_new_owner"
PL_YEAR, PL_PROVENANCE, PL_SOURCE, PL_RECORD = "pl_year", "pl_provenance", "pl_source", "pl_record"
PL_REMOVE_YEAR, PL_REMOVE, PL_UNFOLLOW = "pl_remove_year", "pl_remove", "pl_unfollow"
PL_MOVE_FORM, PL_NOTE_FORM, PL_YEAR_FORM = "pl_move_form", "pl_note_form", "pl_year_form"
PL_COUNTS, PL_TIMES, PL_REASONS, PL_SUMMARY = "pl_counts", "pl_times", "pl_reasons", "pl_summary"
PL_YEARS, PL_HISTORY, PL_NOTES, PL_REPORT = "pl_years", "pl_history", "pl_notes", "pl_report"
PL_REPORT_CSV, PL_CHART = "pl_report_csv", "pl_chart"


def pl_metric_key(metric: str) -> str:
    """The number input of one realised metric in the year form."""
    return f"pl_metric_{metric}"


# -- access -----------------------------------------------------------------------------------
# The page address may ask for the public view (`tier=public`: it can only lower what a visit
# sees) or hold a company link's token (`access`).
TIER_PARAM, ACCESS_PARAM = "tier", "access"
SIGN_IN_PASSWORD, SIGN_IN, SIGN_OUT = "sign_in_password", "sign_in", "sign_out"
SIGN_IN_PANEL, SIGN_IN_PROVIDER = "sign_in_panel", "sign_in_provider"
PUBLIC_VIEW, LINK_COMPANY, LINK_MAKE = "public_view", "link_company", "link_make"
_SIGNED_IN_AT, _LINK_MADE, _ACCESS_MESSAGE = "signed_in_at", "link_made", "access_message"
_RUN_TIER = "run_tier"


def signed_in_at() -> datetime | None:
    return st.session_state.get(_SIGNED_IN_AT)


def set_signed_in(when: datetime | None) -> None:
    if when is None:
        st.session_state.pop(_SIGNED_IN_AT, None)
    else:
        st.session_state[_SIGNED_IN_AT] = when


def public_asked() -> bool:
    return st.query_params.get(TIER_PARAM) == "public"


def ask_public(public: bool) -> None:
    if public:
        st.query_params[TIER_PARAM] = "public"
    else:
        st.query_params.pop(TIER_PARAM, None)


def made_link() -> str | None:
    return st.session_state.get(_LINK_MADE)


def set_made_link(link: str | None) -> None:
    st.session_state[_LINK_MADE] = link


def tell_access(kind: str, text: str) -> None:
    """The outcome of signing in or out, shown once beside the sign-in (`success`/`warning`)."""
    st.session_state[_ACCESS_MESSAGE] = (kind, text)


def take_access_message() -> tuple[str, str] | None:
    return st.session_state.pop(_ACCESS_MESSAGE, None)


def card_point() -> tuple[str, float, float] | None:
    """The point last picked on the card's map: (its nearest town, lat, lon)."""
    return st.session_state.get(_CARD_POINT)


def set_card_point(point: tuple[str, float, float] | None) -> None:
    st.session_state[_CARD_POINT] = point


def set_run_tier(tier: Tier) -> None:
    """The tier the sidebar worked out for this run (pages read it instead of asking again)."""
    st.session_state[_RUN_TIER] = tier


def run_tier() -> Tier | None:
    return st.session_state.get(_RUN_TIER)
