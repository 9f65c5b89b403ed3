"""Settings: where the database lives and the board's thresholds, from flags, environment and a TOML file.

Precedence: command-line flag, then environment (PIPELINE_TUI_DB, ...), then `config.toml` in the user's
config dir, then defaults. The app state file (last job shown) lives in the user's data dir, files the TUI
writes (privacy exports) go to the exports folder (`exports` in the data dir unless configured), and the log
to the user's log dir (PIPELINE_TUI_LOG_DIR overrides it).
"""

from __future__ import annotations

import getpass
import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import platformdirs

from pipeline_tui.core.identities import DEFAULT_PHONE_REGION, valid_region
from pipeline_tui.core.retention import RetentionPolicy
from pipeline_tui.core.smtp_settings import SmtpSettings, SmtpTls

APP_NAME = "pipeline-tui"


def data_dir() -> Path:
    return Path(os.environ.get("PIPELINE_TUI_DATA_DIR") or platformdirs.user_data_dir(APP_NAME))


def config_dir() -> Path:
    return Path(os.environ.get("PIPELINE_TUI_CONFIG_DIR") or platformdirs.user_config_dir(APP_NAME))


def log_dir() -> Path:
    """Where the TUI writes its log (a crash's traceback, store errors a user was told about in one line)."""
    return Path(os.environ.get("PIPELINE_TUI_LOG_DIR") or platformdirs.user_log_dir(APP_NAME))


def log_file() -> Path:
    return log_dir() / "pipeline-tui.log"


def default_db_path() -> Path:
    return data_dir() / "pipeline.db"


def default_exports_dir() -> Path:
    """Where the TUI writes files it is asked to export: PIPELINE_TUI_EXPORTS_DIR, else the data dir's
    `exports` folder (never whatever folder the app happened to be started in)."""
    return Path(os.environ.get("PIPELINE_TUI_EXPORTS_DIR") or data_dir() / "exports").expanduser()


def default_user() -> str:
    """Who is using the app when nothing says: the login name (config `user` and PIPELINE_TUI_USER say)."""
    try:
        return getpass.getuser()
    except Exception:  # no login name (some containers): a name still has to be recorded
        return "unknown"


def default_phone_region() -> str:
    """The region of the user's locale (LC_ALL, LC_CTYPE or LANG, e.g. en_US.UTF-8 -> US), else GB: phones
    typed without a +country code are read as numbers of this region."""
    for name in ("LC_ALL", "LC_CTYPE", "LANG"):
        value = os.environ.get(name) or ""
        territory = value.split(".")[0].split("@")[0].partition("_")[2].upper()
        # A cheap check (start-up does not load phonenumbers' tables): two letters, e.g. US.
        if len(territory) == 2 and territory.isascii() and territory.isalpha():
            return territory
    return DEFAULT_PHONE_REGION


@dataclass(frozen=True)
class Settings:
    db: str = field(default_factory=lambda: str(default_db_path()))
    # Days in the current stage after which a card is coloured as stale.
    stale_warn_days: int = 7
    stale_alert_days: int = 14
    theme: str = "textual-dark"
    state_file: Path = field(default_factory=lambda: data_dir() / "state.json")
    exports_dir: Path = field(default_factory=default_exports_dir)
    # ISO 3166 region (GB, DE, US) phones without +country code are read in; see default_phone_region.
    phone_region: str = field(default_factory=default_phone_region)
    # Files attached to a person (a CV, a portfolio) are kept in the database up to this size.
    max_file_mb: float = 10.0
    # The program that opens an attached file (None: the system's viewer, xdg-open / open / startfile).
    file_opener: str | None = field(
        default_factory=lambda: os.environ.get("PIPELINE_TUI_FILE_OPENER") or None
    )
    # `[retention]`: who `privacy retention` anonymises and the pool browser shows as due (None: no policy).
    retention: RetentionPolicy | None = None
    # The current user: an e-mail or a name, matched to a team member (created on their first change).
    user: str = field(default_factory=default_user)
    # `[smtp]` and PIPELINE_TUI_SMTP_*: the server the due queue sends e-mail steps through (none: no sending).
    smtp: SmtpSettings = field(default_factory=lambda: SmtpSettings())
    # Follow others' changes as they happen (team mode); seconds between looks on SQLite.
    live_updates: bool = True
    live_poll: float = 1.0

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    def with_db(self, db: str | None) -> Settings:
        return replace(self, db=db) if db else self


class ConfigError(Exception):
    pass


def load_settings(db: str | None = None, *, config_file: Path | None = None) -> Settings:
    settings = Settings()
    path = config_file or config_dir() / "config.toml"
    if path.exists():
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read {path}: {exc}") from None
        board = raw.get("board", {})
        settings = replace(
            settings,
            db=str(raw.get("db", settings.db)),
            stale_warn_days=_int(board.get("stale_warn_days", settings.stale_warn_days), path),
            stale_alert_days=_int(board.get("stale_alert_days", settings.stale_alert_days), path),
            theme=str(raw.get("theme", settings.theme)),
            exports_dir=Path(str(raw.get("exports_dir", settings.exports_dir))).expanduser(),
            phone_region=_region(raw.get("phone_region", settings.phone_region), path),
            max_file_mb=_number(raw.get("files", {}).get("max_size_mb", settings.max_file_mb), path),
            file_opener=raw.get("files", {}).get("opener") or settings.file_opener,
            retention=_retention(raw.get("retention"), path),
            user=_user(raw.get("user", settings.user), path),
            smtp=smtp_from_table(raw.get("smtp"), path),
            live_updates=_flag(raw.get("live", {}).get("updates", settings.live_updates), path),
            live_poll=_number(raw.get("live", {}).get("poll_seconds", settings.live_poll), path),
        )
    env = os.environ
    if env.get("PIPELINE_TUI_DB"):
        settings = replace(settings, db=env["PIPELINE_TUI_DB"])
    if env.get("PIPELINE_TUI_EXPORTS_DIR"):
        settings = replace(settings, exports_dir=default_exports_dir())
    if env.get("PIPELINE_TUI_STALE_WARN_DAYS"):
        settings = replace(settings, stale_warn_days=_int(env["PIPELINE_TUI_STALE_WARN_DAYS"], None))
    if env.get("PIPELINE_TUI_STALE_ALERT_DAYS"):
        settings = replace(settings, stale_alert_days=_int(env["PIPELINE_TUI_STALE_ALERT_DAYS"], None))
    if env.get("PIPELINE_TUI_USER", "").strip():
        settings = replace(settings, user=_user(env["PIPELINE_TUI_USER"], None))
    if env.get("PIPELINE_TUI_PHONE_REGION"):
        settings = replace(settings, phone_region=_region(env["PIPELINE_TUI_PHONE_REGION"], None))
    settings = replace(settings, smtp=smtp_from_env(settings.smtp, env))
    return _retention_from_env(settings, env).with_db(db)


SMTP_KEYS = ("host", "port", "tls", "user", "from")


def smtp_from_table(table: object, path: Path) -> SmtpSettings:
    """`[smtp]`: host, port, tls (none, starttls, tls), user, from. A `password` key is refused."""
    if table is None:
        return SmtpSettings()
    if not isinstance(table, dict):
        raise ConfigError(f'[smtp] in {path} must be a table, e.g. [smtp] host = "smtp.example.com"')
    if "password" in table:
        raise ConfigError(
            f"[smtp] in {path} holds a password: remove it and set PIPELINE_TUI_SMTP_PASSWORD instead "
            "(a config file is never a place for a password)"
        )
    unknown = sorted(set(table) - set(SMTP_KEYS))
    if unknown:
        raise ConfigError(f"[smtp] in {path}: unknown key {unknown[0]!r}; use {', '.join(SMTP_KEYS)}")
    where = f"in {path}"
    return _smtp_values(SmtpSettings(), {k: table[k] for k in SMTP_KEYS if k in table}, where)


def smtp_from_env(settings: SmtpSettings, env: Mapping[str, str]) -> SmtpSettings:
    """PIPELINE_TUI_SMTP_HOST, _PORT, _TLS, _USER, _FROM override `[smtp]`; _PASSWORD is the only password."""
    values = {
        key: env[f"PIPELINE_TUI_SMTP_{key.upper()}"]
        for key in SMTP_KEYS
        if env.get(f"PIPELINE_TUI_SMTP_{key.upper()}", "").strip()
    }
    settings = _smtp_values(settings, values, "in PIPELINE_TUI_SMTP_*")
    password = env.get("PIPELINE_TUI_SMTP_PASSWORD")
    return replace(settings, password=password) if password else settings


def _smtp_values(settings: SmtpSettings, values: Mapping[str, object], where: str) -> SmtpSettings:
    changes: dict[str, object] = {}
    for key in ("host", "user", "from"):
        if key in values:
            text = str(values[key]).strip()
            changes["sender" if key == "from" else key] = text or None
    if "port" in values:
        port = values["port"]
        try:
            number = int(port)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            number = 0
        if isinstance(port, bool) or not 0 < number < 65536:
            raise ConfigError(f"smtp port {where} must be a number from 1 to 65535, got {port!r}")
        changes["port"] = number
    if "tls" in values:
        tls = SmtpTls.parse(str(values["tls"]))
        if tls is None:
            raise ConfigError(f"smtp tls {where} must be none, starttls or tls, got {values['tls']!r}")
        changes["tls"] = tls
    return replace(settings, **changes)  # type: ignore[arg-type]


def _user(value: object, path: Path | None) -> str:
    text = " ".join(str(value).split()) if isinstance(value, str) else ""
    if not text:
        where = f" in {path}" if path else " in PIPELINE_TUI_USER"
        raise ConfigError(f'user{where} must be an e-mail or a name, e.g. user = "ann@example.com"')
    return text


def _retention(table: object, path: Path) -> RetentionPolicy | None:
    """`[retention]`: `prospects_months` (a positive whole number) and `require_consent` (true or false,
    default true). No table, no policy."""
    if table is None:
        return None
    if not isinstance(table, dict):
        raise ConfigError(f"[retention] in {path} must be a table, e.g. [retention] prospects_months = 24")
    if "prospects_months" not in table:
        raise ConfigError(f"[retention] in {path} needs prospects_months, e.g. prospects_months = 24")
    months = _months(table["prospects_months"], f"retention.prospects_months in {path}")
    consent = table.get("require_consent", True)
    if not isinstance(consent, bool):
        raise ConfigError(f"retention.require_consent in {path} must be true or false, got {consent!r}")
    return RetentionPolicy(prospects_months=months, require_consent=consent)


def _retention_from_env(settings: Settings, env: Mapping[str, str]) -> Settings:
    """PIPELINE_TUI_RETENTION_MONTHS sets (or overrides) the policy's months; PIPELINE_TUI_RETENTION_REQUIRE_
    CONSENT (true/false) the consent rule of a policy configured either way."""
    policy = settings.retention
    if env.get("PIPELINE_TUI_RETENTION_MONTHS"):
        months = _months(env["PIPELINE_TUI_RETENTION_MONTHS"], "PIPELINE_TUI_RETENTION_MONTHS")
        policy = RetentionPolicy(months, policy.require_consent if policy else True)
    consent = env.get("PIPELINE_TUI_RETENTION_REQUIRE_CONSENT")
    if consent and policy is not None:
        words = {"1": True, "true": True, "yes": True, "on": True}
        words |= {"0": False, "false": False, "no": False, "off": False}
        if consent.strip().lower() not in words:
            raise ConfigError(
                f"PIPELINE_TUI_RETENTION_REQUIRE_CONSENT must be true or false, got {consent!r}"
            )
        policy = RetentionPolicy(policy.prospects_months, words[consent.strip().lower()])
    return replace(settings, retention=policy)


def _months(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        number = 0
    else:
        try:
            number = int(value)
        except ValueError:
            number = 0
    if number <= 0:
        raise ConfigError(f"{where} must be a whole number of months above 0, got {value!r}")
    return number


def _region(value: object, path: Path | None) -> str:
    region = str(value).strip().upper()
    if not valid_region(region):
        where = f" in {path}" if path else " in PIPELINE_TUI_PHONE_REGION"
        raise ConfigError(f"phone_region{where} is not a region code such as GB, DE or US: {value!r}")
    return region


def _int(value: object, path: Path | None) -> int:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        where = f" in {path}" if path else ""
        raise ConfigError(f"expected a whole number{where}, got {value!r}") from None


def _flag(value: object, path: Path | None) -> bool:
    if isinstance(value, bool):
        return value
    where = f" in {path}" if path else ""
    raise ConfigError(f"expected true or false{where}, got {value!r}")


def _number(value: object, path: Path | None) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = -1.0
    if number <= 0:
        where = f" in {path}" if path else ""
        raise ConfigError(f"expected a positive number{where}, got {value!r}") from None
    return number


class AppState:
    """Small UI memory kept between runs (e.g. the board's last job), per database."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _read(self) -> dict:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def get(self, db_key: str, name: str) -> object | None:
        return self._read().get(db_key, {}).get(name)

    def set(self, db_key: str, name: str, value: object) -> None:
        data = self._read()
        data.setdefault(db_key, {})[name] = value
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(data), encoding="utf-8")
            tmp.replace(self.path)
        except OSError:
            pass  # Remembering the last job is a convenience; never fail the user's action over it.
