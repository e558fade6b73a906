"""Organization knowledge as data: one TOML file per organization, plus `common.toml`.

    load_profile("csto")        -> the CSTO profile merged with the common data
    load_profile("my-org.toml") -> a user's own file merged with the common data
    load_profile(None)          -> every built-in profile (and user profiles) merged
    load_profiles()             -> the same as load_profile(None)

A profile file may hold (every key optional):

    name = "csto"
    [organization]                  # the organization the profile is about
    name, acronyms, aliases, anaphors, member_states
    [[bodies]]                      # its bodies; `parent` defaults to the organization
    name, acronyms, aliases, parent, kind ("body" | "organization"), anaphors
    [[organizations]]               # other organizations (same keys as bodies)
    [[offices]]                     # name, variants, single_seat, scope, owned, organizations, regnal
    states = [{name, aliases, adjectives, capital, cities}]
    cities = [...]; honorifics, ranks, org_heads, generic_bodies, office_modifiers = [...]
    held_heads = ["Forum", ...]     # head nouns of an organization only where an office is held in it
    body_synonyms = [["Council of Foreign Ministers", "Council of Ministers of Foreign Affairs"], ...]
    state_bodies = ["Ministry", "Security Council", ...]
    gazetteer_skip = ["Jersey", ...]  # forms the state gazetteer must not add (see profiles.gazetteer)

Every ISO 3166-1 country the profiles do not name is added to the loaded profile as a state, with
its GeoNames capital (profiles.gazetteer); the profiles' own states lead.

No code names a person, a place or an organization: everything organization-specific is here.
Users add organizations by dropping a file into a directory named by COMMUNIQUE_PROFILE_PATH.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = [
    "OfficeSpec", "OrgSpec", "Profile", "StateSpec", "builtin_names", "load_profile", "load_profiles",
    "merge_profiles",
]


@dataclass(frozen=True)
class OrgSpec:
    """An organization or one of its bodies, with every name it goes by."""

    name: str
    acronyms: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    parent: str | None = None  # canonical name of the parent organization or body
    kind: str = "organization"  # organization | body
    anaphors: tuple[str, ...] = ()  # words that name it only when it is the item's own organization
    member_states: tuple[str, ...] = ()

    @property
    def short(self) -> str:
        """The prefix used to name its generic bodies: "SCO" -> "SCO Secretariat"."""
        return self.acronyms[0] if self.acronyms else self.name

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class StateSpec:
    name: str
    aliases: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()
    capital: str | None = None
    cities: tuple[str, ...] = ()


@dataclass(frozen=True)
class OfficeSpec:
    name: str  # as the roles are written: "Secretary General", "Minister of Foreign Affairs"
    variants: tuple[str, ...] = ()
    single_seat: bool = True
    scope: str = "organization"  # organization (an IGO's office) | state | any
    organizations: tuple[str, ...] = ()  # organizations known to have it (profiles with owned = true)
    regnal: bool = False  # King, Queen: named by one given name ("Queen Sofia of Norway")


@dataclass(frozen=True)
class Profile:
    name: str
    home: str | None = None  # canonical name of the main organization (breaks ties for bare names)
    organizations: tuple[OrgSpec, ...] = ()
    states: tuple[StateSpec, ...] = ()
    offices: tuple[OfficeSpec, ...] = ()
    cities: tuple[str, ...] = ()
    honorifics: tuple[str, ...] = ()
    ranks: tuple[str, ...] = ()
    org_heads: tuple[str, ...] = ()
    held_heads: tuple[str, ...] = ()  # "Secretary General of the X Forum"; elsewhere a forum is an event
    generic_bodies: tuple[str, ...] = ()
    office_modifiers: tuple[str, ...] = ()
    body_synonyms: tuple[tuple[str, ...], ...] = ()  # names of one kind of body; the first leads
    state_bodies: tuple[str, ...] = ()  # bodies a state's offices sit in ("Ministry", "Security Council")
    gazetteer_skip: tuple[str, ...] = ()  # state names and capitals the gazetteer must not add
    sources: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_orgs", {o.name: o for o in self.organizations})
        object.__setattr__(self, "_states", {s.name: s for s in self.states})
        object.__setattr__(self, "_offices", {o.name: o for o in self.offices})
        object.__setattr__(self, "_city_states", {c: s.name for s in self.states for c in (s.capital, *s.cities) if c})

    def organization(self, name: str | None) -> OrgSpec | None:
        return self._orgs.get(name) if name else None  # type: ignore[attr-defined]

    def state(self, name: str | None) -> StateSpec | None:
        return self._states.get(name) if name else None  # type: ignore[attr-defined]

    def office(self, name: str | None) -> OfficeSpec | None:
        return self._offices.get(name) if name else None  # type: ignore[attr-defined]

    def state_of_city(self, name: str) -> str | None:
        """The state whose capital or city `name` is (a state's own list, not the profile's `cities`)."""
        return self._city_states.get(name)  # type: ignore[attr-defined]

    def top_organization(self, name: str | None) -> OrgSpec | None:
        """The nearest ancestor (or itself) that is an organization rather than a body."""
        spec = self.organization(name)
        seen: set[str] = set()
        while spec is not None and spec.kind == "body" and spec.parent and spec.name not in seen:
            seen.add(spec.name)
            parent = self.organization(spec.parent)
            if parent is None:
                break
            spec = parent
        return spec

    def ancestors(self, name: str | None) -> list[OrgSpec]:
        """The organization or body itself, then its parent, and so on up."""
        out: list[OrgSpec] = []
        spec = self.organization(name)
        while spec is not None and spec not in out:
            out.append(spec)
            spec = self.organization(spec.parent)
        return out


# --- reading -------------------------------------------------------------------------------------

def _strs(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _org(rec: dict[str, Any], parent: str | None = None, kind: str = "organization") -> OrgSpec:
    return OrgSpec(
        name=rec["name"],
        acronyms=_strs(rec.get("acronyms")),
        aliases=_strs(rec.get("aliases")),
        parent=rec.get("parent", parent),
        kind=rec.get("kind", kind),
        anaphors=_strs(rec.get("anaphors")),
        member_states=_strs(rec.get("member_states")),
    )


def _office(rec: dict[str, Any], home: str | None) -> OfficeSpec:
    scope = rec.get("scope", "organization")
    owners = _strs(rec.get("organizations"))
    if rec.get("owned", False) and home:
        owners = (*owners, home)
    return OfficeSpec(
        name=rec["name"],
        variants=_strs(rec.get("variants")),
        single_seat=bool(rec.get("single_seat", True)),
        scope=scope,
        organizations=owners,
        regnal=bool(rec.get("regnal", False)),
    )


def _state(rec: dict[str, Any] | str) -> StateSpec:
    if isinstance(rec, str):
        return StateSpec(rec)
    return StateSpec(
        name=rec["name"],
        aliases=_strs(rec.get("aliases")),
        adjectives=_strs(rec.get("adjectives")),
        capital=rec.get("capital"),
        cities=_strs(rec.get("cities")),
    )


def parse_profile(data: dict[str, Any], source: str = "") -> Profile:
    """A Profile from the dict a TOML file reads as (see the module docstring for the keys)."""
    orgs: list[OrgSpec] = []
    home = None
    if "organization" in data:
        main = _org(data["organization"])
        home = main.name
        orgs.append(main)
    for rec in data.get("bodies", []):
        orgs.append(_org(rec, parent=home, kind="body"))
    for rec in data.get("organizations", []):
        orgs.append(_org(rec))
    return Profile(
        name=data.get("name") or Path(source).stem or "profile",
        home=home,
        organizations=tuple(orgs),
        states=tuple(_state(s) for s in data.get("states", [])),
        offices=tuple(_office(o, home) for o in data.get("offices", [])),
        cities=_strs(data.get("cities")),
        honorifics=_strs(data.get("honorifics")),
        ranks=_strs(data.get("ranks")),
        org_heads=_strs(data.get("org_heads")),
        held_heads=_strs(data.get("held_heads")),
        generic_bodies=_strs(data.get("generic_bodies")),
        office_modifiers=_strs(data.get("office_modifiers")),
        body_synonyms=tuple(_strs(group) for group in data.get("body_synonyms", [])),
        state_bodies=_strs(data.get("state_bodies")),
        gazetteer_skip=_strs(data.get("gazetteer_skip")),
        sources=(source,) if source else (),
    )


def read_profile_file(path: str | os.PathLike[str]) -> Profile:
    path = Path(path)
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    return parse_profile(data, str(path))


# --- merging -------------------------------------------------------------------------------------

def _union(*groups: tuple[str, ...]) -> tuple[str, ...]:
    out: dict[str, None] = {}
    for group in groups:
        for v in group:
            out.setdefault(v, None)
    return tuple(out)


def _merge_records(records: list[Any]) -> tuple[Any, ...]:
    """Records with one name become one: tuple fields are united, the first set scalar wins."""
    merged: dict[str, Any] = {}
    for rec in records:
        old = merged.get(rec.name)
        if old is None:
            merged[rec.name] = rec
            continue
        changes: dict[str, Any] = {}
        for fname in old.__dataclass_fields__:
            a, b = getattr(old, fname), getattr(rec, fname)
            if isinstance(a, tuple):
                changes[fname] = _union(a, b)
            elif a in (None, "", False) and b not in (None, "", False):
                changes[fname] = b
        merged[rec.name] = replace(old, **changes)
    return tuple(merged.values())


def merge_profiles(*profiles: Profile, name: str | None = None) -> Profile:
    """One profile knowing everything the given ones know; the first one's home organization leads."""
    profiles = tuple(p for p in profiles if p is not None)
    if not profiles:
        return Profile(name or "empty")
    home = next((p.home for p in profiles if p.home), None)
    return Profile(
        name=name or "+".join(p.name for p in profiles),
        home=home,
        organizations=_merge_records([o for p in profiles for o in p.organizations]),
        states=_merge_records([s for p in profiles for s in p.states]),
        offices=_merge_records([o for p in profiles for o in p.offices]),
        cities=_union(*(p.cities for p in profiles)),
        honorifics=_union(*(p.honorifics for p in profiles)),
        ranks=_union(*(p.ranks for p in profiles)),
        org_heads=_union(*(p.org_heads for p in profiles)),
        held_heads=_union(*(p.held_heads for p in profiles)),
        generic_bodies=_union(*(p.generic_bodies for p in profiles)),
        office_modifiers=_union(*(p.office_modifiers for p in profiles)),
        body_synonyms=_union(*(p.body_synonyms for p in profiles)),
        state_bodies=_union(*(p.state_bodies for p in profiles)),
        gazetteer_skip=_union(*(p.gazetteer_skip for p in profiles)),
        sources=_union(*(p.sources for p in profiles)),
    )


# --- finding -------------------------------------------------------------------------------------

COMMON = "common"


def _builtin_dir() -> Path:
    return Path(str(resources.files(__name__)))


def _user_dirs() -> list[Path]:
    raw = os.environ.get("COMMUNIQUE_PROFILE_PATH", "")
    return [Path(p) for p in raw.split(os.pathsep) if p]


def builtin_names() -> list[str]:
    """The organization profiles shipped with communique (common data excluded)."""
    return sorted(p.stem for p in _builtin_dir().glob("*.toml") if p.stem != COMMON)


def _find(name: str) -> Path:
    candidate = Path(name)
    if candidate.suffix == ".toml" and candidate.exists():
        return candidate
    for folder in [*_user_dirs(), _builtin_dir()]:
        path = folder / f"{name}.toml"
        if path.exists():
            return path
    known = ", ".join(builtin_names())
    raise LookupError(f"no profile named {name!r} (built in: {known}; or give the path of a .toml file)")


@lru_cache(maxsize=32)
def _read_cached(path: str, mtime: float) -> Profile:
    return read_profile_file(path)


def _read(path: Path) -> Profile:
    return _read_cached(str(path.resolve()), path.stat().st_mtime)


def load_profile(name_or_path: str | os.PathLike[str] | None = None) -> Profile:
    """One organization's profile merged with the common data; None gives every profile merged."""
    if name_or_path is None:
        return load_profiles()
    common = _read(_builtin_dir() / f"{COMMON}.toml")
    if str(name_or_path) == COMMON:
        return _gazetteer(common)
    own = _read(_find(str(name_or_path)))
    return _gazetteer(merge_profiles(own, common, name=own.name))


def load_profiles(first: str | None = None) -> Profile:
    """Every built-in and user profile merged with the common data (`first` leads, if given)."""
    paths: dict[str, Path] = {}
    for folder in [_builtin_dir(), *_user_dirs()]:
        for path in sorted(folder.glob("*.toml")):
            if path.stem != COMMON:
                paths[path.stem] = path
    order = sorted(paths, key=lambda n: (n != first, n))
    own = [_read(paths[n]) for n in order]
    merged = _gazetteer(merge_profiles(*own, _read(_builtin_dir() / f"{COMMON}.toml"), name="all"))
    return merged if first in paths else replace(merged, home=None)  # no organization leads by accident


@lru_cache(maxsize=32)
def _gazetteer(profile: Profile) -> Profile:
    """The profile with every state of the gazetteer it lacks (profiles.gazetteer), once per profile."""
    from communique.profiles.gazetteer import with_gazetteer

    return with_gazetteer(profile)
