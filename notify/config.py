"""`config/notifications.toml`: destinations and who gets which digest. Secrets never live there.

A webhook URL or SMTP password is named by the environment variable that holds it
(`url_env`, `password_env`); the value comes from the environment, else from the `[notify]`
table of `.streamlit/secrets.toml`. See `config/notifications.toml.example`.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from sql.database import PROJECT_ROOT

CONFIG_FILE = PROJECT_ROOT / "config" / "notifications.toml"
EXAMPLE_FILE = PROJECT_ROOT / "config" / "notifications.toml.example"
SECRETS_FILE = PROJECT_ROOT / ".streamlit" / "secrets.toml"
TYPES = ("slack", "teams", "email")
LISTED = ("wall", "wheel", "compliance")
PER_PERSON = ("coaching", "agents")
DIGESTS = ("wall", "wheel", "coaching", "agents", "compliance")
FORBIDDEN = ("url", "password", "webhook")


class ConfigError(ValueError):
    """The notifications config (or a secret it names) is missing or wrong: says which file and key."""


@dataclass(frozen=True)
class Destination:
    """Where messages go: a Slack or Teams webhook, or an SMTP server."""

    name: str
    type: str
    url_env: str | None = None
    host: str | None = None
    port: int = 587
    starttls: bool = True
    sender: str | None = None
    username: str | None = None
    password_env: str | None = None
    ca_file: str | None = None
    timeout: float = 10.0


@dataclass(frozen=True)
class Target:
    """One listed recipient: a chat destination, or an email destination with an address."""

    destination: str
    address: str | None = None

    @property
    def recipient(self) -> str:
        """The send log's recipient: the chat destination's name, or the email address."""
        return self.address or self.destination


@dataclass(frozen=True)
class Config:
    """The whole notifications config."""

    path: Path
    destinations: dict[str, Destination]
    targets: dict[str, tuple[Target, ...]] = field(default_factory=dict)
    via: dict[str, str] = field(default_factory=dict)
    managers: tuple[tuple[str, frozenset[str]], ...] = ()


def config_path() -> Path:
    """`STARBOARD_NOTIFICATIONS`, else `config/notifications.toml`."""
    return Path(os.environ.get("STARBOARD_NOTIFICATIONS") or CONFIG_FILE)


def _destination(path: Path, name: str, raw: dict) -> Destination:
    where = f"{path}: [destinations.{name}]"
    for key in FORBIDDEN:
        if key in raw:
            raise ConfigError(f"{where}: `{key}` must not be written here; name the environment variable "
                              f"that holds it with `{'password' if key == 'password' else 'url'}_env`")
    kind = raw.get("type")
    if kind not in TYPES:
        raise ConfigError(f"{where}: type must be one of {', '.join(TYPES)} (got {kind!r})")
    try:
        port, timeout = int(raw.get("port", 587)), float(raw.get("timeout", 10))
    except (TypeError, ValueError):
        raise ConfigError(f"{where}: port and timeout must be numbers") from None
    if kind in ("slack", "teams") and not raw.get("url_env"):
        raise ConfigError(f"{where}: url_env (the environment variable holding the webhook URL) is required")
    if kind == "email":
        for key in ("host", "sender"):
            if not raw.get(key):
                raise ConfigError(f"{where}: `{key}` is required for an email destination")
        if raw.get("username") and not raw.get("password_env"):
            raise ConfigError(f"{where}: `username` needs `password_env`")
    return Destination(name, kind, raw.get("url_env"), raw.get("host"), port, bool(raw.get("starttls", True)),
                       raw.get("sender"), raw.get("username"), raw.get("password_env"), raw.get("ca_file"), timeout)


def _target(path: Path, digest: str, text: str, destinations: dict[str, Destination]) -> Target:
    name, _, address = str(text).partition(":")
    where = f"{path}: [digests.{digest}] to = {text!r}"
    dest = destinations.get(name)
    if dest is None:
        raise ConfigError(f"{where}: no destination named {name!r} (defined: {', '.join(sorted(destinations))})")
    if dest.type == "email" and "@" not in address:
        raise ConfigError(f"{where}: an email destination needs an address, like \"{name}:team@example.com\"")
    if dest.type != "email" and address:
        raise ConfigError(f"{where}: {name!r} is a {dest.type} webhook; it takes no address")
    return Target(name, address.strip().lower() or None)


def _managers(path: Path, roles: str) -> tuple[tuple[str, frozenset[str]], ...]:
    roles_path = Path(roles) if Path(roles).is_absolute() else PROJECT_ROOT / roles
    if not roles_path.exists():
        raise ConfigError(f"{path}: [digests.coaching] roles = {roles!r}: no such file {roles_path}")
    raw = tomllib.loads(roles_path.read_text(encoding="utf-8"))
    out = []
    for i, m in enumerate(raw.get("managers", []), 1):
        if not m.get("email") or not m.get("teams"):
            raise ConfigError(f"{roles_path}: manager #{i} needs an email and teams")
        out.append((m["email"].strip().lower(), frozenset(m["teams"])))
    return tuple(out)


def load_config(path: Path | None = None) -> Config:
    """Read and check the config; a ConfigError names the file and the key that is wrong."""
    path = path or config_path()
    if not path.exists():
        raise ConfigError(f"{path}: not found; copy {EXAMPLE_FILE.name} next to it and fill it in")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    destinations = {name: _destination(path, name, d) for name, d in raw.get("destinations", {}).items()}
    targets: dict[str, tuple[Target, ...]] = {}
    via: dict[str, str] = {}
    managers: tuple[tuple[str, frozenset[str]], ...] = ()
    for digest, spec in raw.get("digests", {}).items():
        if digest not in DIGESTS:
            raise ConfigError(f"{path}: [digests.{digest}]: unknown digest (known: {', '.join(DIGESTS)})")
        if digest in LISTED:
            targets[digest] = tuple(_target(path, digest, t, destinations) for t in spec.get("to", []))
            continue
        name = spec.get("via")
        if destinations.get(name) is None or destinations[name].type != "email":
            raise ConfigError(f"{path}: [digests.{digest}] via = {name!r}: name an email destination "
                              "(each person gets their own email)")
        via[digest] = name
        if digest == "coaching":
            managers = _managers(path, spec.get("roles") or os.environ.get("STARBOARD_ROLES") or "config/roles.toml")
    return Config(path, destinations, targets, via, managers)


def secret(name: str, secrets_file: Path | None = None) -> str:
    """The value of secret `name`: the environment, else `[notify]` of `.streamlit/secrets.toml`."""
    value = os.environ.get(name, "").strip()
    if value:
        return value
    path = secrets_file or Path(os.environ.get("STARBOARD_SECRETS") or SECRETS_FILE)
    if path.exists():
        try:
            table = tomllib.loads(path.read_text(encoding="utf-8")).get("notify", {})
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: {exc}") from None
        if str(table.get(name, "")).strip():
            return str(table[name]).strip()
    raise ConfigError(f"secret {name} is not set: export it, or put it under [notify] in {path}")
