"""Who is looking: OIDC sign-in when `[auth]` is configured, else a demo "view as" switch; email -> role -> viewer."""

from __future__ import annotations

import os
from dataclasses import dataclass

import streamlit as st

from dashboard import data
from metrics.actors import RolesConfig, load_roles
from metrics.scope import Viewer

UNKNOWN_DEMO_EMAIL = "visitor@unknown.example"
VIEW_AS_KEY = "app_view_as"
VIEW_AS_LINK_KEY = "app_view_as_link"
IDENTITY_KEY = "app_identity"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
DEMO_PUBLIC_ENV = "STARBOARD_DEMO_PUBLIC"


@dataclass(frozen=True)
class Identity:
    """The signed-in person: email, display name, and their viewer (None: not allowed in)."""

    email: str
    name: str
    viewer: Viewer | None
    demo: bool

    @property
    def role(self) -> str | None:
        """leadership, manager, agent, or None for an unknown email."""
        return self.viewer.role if self.viewer else None


def resolve(email: str, roles: RolesConfig | None = None) -> Identity:
    """Map an email to its role: leadership and managers from the config, agents by roster email."""
    roles = roles or load_roles()
    key = (email or "").strip().lower()
    person = data.agent_by_email(key) if key else None
    name = person["full_name"] if person else key
    if key in roles.leadership:
        return Identity(key, name, Viewer.leadership(), False)
    if key in roles.managers:
        return Identity(key, name, Viewer.manager(roles.managers[key], person["agent_id"] if person else None), False)
    if person:
        return Identity(key, name, Viewer.agent(person["agent_id"]), False)
    return Identity(key, key, None, False)


def auth_configured() -> bool:
    """True when `.streamlit/secrets.toml` has an `[auth]` section (OIDC sign-in)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def demo_choices() -> dict[str, str]:
    """Email -> label for the demo "view as" switch: leadership, managers, every agent, and an unknown visitor."""
    roles = load_roles()
    people = data.people(Viewer.leadership())
    names = dict(zip(people["email"].str.lower(), people["full_name"], strict=False))
    out: dict[str, str] = {}
    for email in sorted(roles.leadership):
        out[email] = f"Leadership · {names.get(email, email)}"
    for email, teams in sorted(roles.managers.items()):
        out[email] = f"Manager · {names.get(email, email)} ({', '.join(sorted(teams))})"
    for email, name, team in zip(people["email"], people["full_name"], people["team"], strict=False):
        if isinstance(email, str) and email.lower() not in out:
            out[email.lower()] = f"Agent · {name} ({team})"
    out[UNKNOWN_DEMO_EMAIL] = "Unknown visitor (not on the roster)"
    return out


def demo_reachable_from_elsewhere() -> bool:
    """True when the server listens beyond this computer (`server.address` unset or not loopback).

    Demo mode lets anyone view as anyone, so it serves only 127.0.0.1 unless `STARBOARD_DEMO_PUBLIC=1`.
    """
    address = str(st.get_option("server.address") or "")
    return address not in LOOPBACK and os.environ.get(DEMO_PUBLIC_ENV) != "1"


def current_identity() -> Identity:
    """Sign the user in (OIDC) or take the demo switch's choice; stops the run at the sign-in screen."""
    if auth_configured():
        if not getattr(st.user, "is_logged_in", False):
            st.title("Starboard")
            st.write("Sign in with your work Google account to see your contact-centre dashboard.")
            st.button("Sign in with Google", on_click=st.login, type="primary")
            st.stop()
        with st.sidebar:
            st.caption(f"Signed in as {st.user.email}")
            st.button("Sign out", on_click=st.logout)
        return resolve(str(st.user.email or ""))
    if demo_reachable_from_elsewhere():
        st.title("Starboard")
        st.error("Sign-in is not configured, so this is demo mode, where anyone can view the dashboard as anyone. "
                 "It is only served to this computer: start it with `--server.address 127.0.0.1` (scripts/demo.sh "
                 f"does), configure [auth] in .streamlit/secrets.toml, or set {DEMO_PUBLIC_ENV}=1 to share the demo "
                 "on purpose.")
        st.stop()
    choices = demo_choices()
    asked = str(st.query_params.get("as", "")).lower()
    if asked in choices and st.session_state.get(VIEW_AS_LINK_KEY) != asked:
        st.session_state[VIEW_AS_KEY] = st.session_state[VIEW_AS_LINK_KEY] = asked
    if st.session_state.get(VIEW_AS_KEY) not in choices:
        st.session_state[VIEW_AS_KEY] = next(iter(choices))
    st.warning("Demo mode: sign-in is not configured, so anyone can view the dashboard as anyone. "
               "Configure [auth] in .streamlit/secrets.toml for real use.", icon="⚠️")
    with st.sidebar:
        st.selectbox("View as", list(choices), format_func=choices.__getitem__, key=VIEW_AS_KEY)
    ident = resolve(st.session_state[VIEW_AS_KEY])
    return Identity(ident.email, ident.name, ident.viewer, True)


def signed_in() -> Identity:
    """The identity the router resolved for this run (pages call this)."""
    return st.session_state[IDENTITY_KEY]
