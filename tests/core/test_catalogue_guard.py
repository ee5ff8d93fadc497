"""A hand edit of the family's file can add apps but never stop a built-in app from being
recorded under its own name; a parent's approval (an HMAC with the keyring's key) can."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from familywatch.core.catalogue import OS_NAMES, Catalogue, CatalogueEntry, parse_catalogue
from familywatch.core.catalogue_guard import approval_for, guard, is_approved
from tests.support.builtin_catalogue import BUILT_IN

KEY, OTHER_KEY = b"a" * 32, b"b" * 32


def built_in() -> list[CatalogueEntry]:
    entries, errors = parse_catalogue(BUILT_IN.read_text(encoding="utf-8"), "catalogue.toml")
    assert errors == []
    return entries


def family(text: str) -> list[CatalogueEntry]:
    entries, errors = parse_catalogue(text, "family.toml")
    assert errors == []
    return entries


def merged(text: str, key: bytes | None = None) -> tuple[Catalogue, list[str]]:
    base = built_in()
    guarded = guard(base, family(text), lambda: key)
    return Catalogue([*base, *guarded.accepted]), [r.message for r in guarded.refusals]


def named(catalogue: Catalogue, process: str, os_name: str = "linux") -> str | None:
    found = catalogue.match(process, None, os_name)
    return found.name if found is not None else None


OBS_AS_MY_RECORDER = ('[[app]]\nid = "obs-studio"\nname = "My recorder"\n'
                      'category = "other"\nprocesses.linux = ["obs-portable"]\n')


def signed(text: str, key: bytes = KEY) -> str:
    (entry,) = family(text)
    return text + f'approval = "{approval_for(entry, key)}"\n'


def test_a_hand_written_replacement_of_a_built_in_app_is_refused_and_named() -> None:
    catalogue, refused = merged(OBS_AS_MY_RECORDER)
    assert named(catalogue, "obs") == "OBS Studio"
    assert named(catalogue, "obs-portable") is None
    assert refused == [
        "family.toml line 1, entry 'obs-studio': this changes OBS Studio, a built-in app, but "
        "a parent has not approved it, so it is ignored and OBS Studio is still recorded as "
        "built in. A change to a built-in app needs the parent PIN: 'familywatch apps approve "
        "obs-studio' (or Parent settings > App list) makes it count, 'familywatch apps "
        "restore obs-studio' removes it."]


def test_a_hand_written_removal_is_refused() -> None:
    catalogue, refused = merged('[[app]]\nid = "obs-studio"\nremoved = true\n')
    assert named(catalogue, "obs") == "OBS Studio"
    assert "this stops OBS Studio, a built-in app, from being recorded, but a parent has not" \
        in refused[0]


def test_a_new_app_that_claims_a_built_in_process_name_is_refused_in_every_spelling() -> None:
    for os_name, claimed in (("linux", "OBS"), ("linux", " obs "), ("windows", "OBS64"),
                             ("windows", "obs64.EXE"), ("linux", "telegram-deskto"),
                             ("linux", "telegram-desktop-beta")):
        text = (f'[[app]]\nid = "my-cam"\nname = "My cam"\ncategory = "streaming"\n'
                f'processes.{os_name} = ["{claimed}", "mycam"]\n')
        catalogue, refused = merged(text)
        assert named(catalogue, "mycam", os_name) is None, claimed
        assert len(refused) == 1 and "entry 'my-cam': the process name" in refused[0], claimed
        assert "needs the parent PIN" in refused[0]
        assert "'familywatch apps replace " in refused[0]
    assert named(catalogue, "telegram-deskto") == "Telegram"  # the kernel's 15-byte form


def test_a_new_app_with_names_of_its_own_is_added_without_any_key() -> None:
    asked: list[int] = []
    base = built_in()
    text = '[[app]]\nid = "bigo-live"\nname = "Bigo Live"\ncategory = "streaming"\n' \
           'processes.linux = ["bigolive"]\n'
    guarded = guard(base, family(text), lambda: asked.append(1) or KEY)  # type: ignore[func-returns-value]
    assert [e.app_id for e in guarded.accepted] == ["bigo-live"] and not guarded.refusals
    assert asked == []  # the keyring is only read for a change to a built-in app


def test_a_copy_of_a_built_in_entry_changes_nothing_and_is_not_refused() -> None:
    obs = next(e for e in built_in() if e.app_id == "obs-studio")
    copy = ('# copied, with a note of our own\n[[app]]\nid = "obs-studio"\nname = "OBS Studio"\n'
            'category = "streaming"\nnote = "Sam uses it for school"\n' + "".join(
                f"processes.{os_name} = {list(obs.processes[os_name])!r}\n".replace("'", '"')
                for os_name in OS_NAMES))
    catalogue, refused = merged(copy)
    assert refused == [] and named(catalogue, "obs") == "OBS Studio"


def test_a_hand_edit_without_an_approval_never_reads_the_keyring() -> None:
    asked: list[int] = []
    guarded = guard(built_in(), family(OBS_AS_MY_RECORDER),
                    lambda: asked.append(1) or KEY)  # type: ignore[func-returns-value]
    assert len(guarded.refusals) == 1 and asked == []


def test_an_approved_replacement_counts_until_it_is_edited_by_hand() -> None:
    text = signed(OBS_AS_MY_RECORDER)
    catalogue, refused = merged(text, KEY)
    assert refused == []
    assert named(catalogue, "obs") is None
    assert named(catalogue, "obs-portable") == "My recorder"

    for edit in (text.replace("obs-portable", "obs-portable2"),
                 text.replace("My recorder", "My recorder!"),
                 text.replace('"other"', '"streaming"'),
                 text.replace('processes.linux', 'processes.windows = ["x"]\nprocesses.linux')):
        catalogue, refused = merged(edit, KEY)
        assert named(catalogue, "obs") == "OBS Studio"
        assert "no longer matches the parent's approval" in refused[0]
    catalogue, refused = merged(text, OTHER_KEY)  # approved with a key since replaced
    assert named(catalogue, "obs") == "OBS Studio" and refused
    catalogue, refused = merged(text, None)  # no keyring: nothing can be approved
    assert named(catalogue, "obs") == "OBS Studio"
    assert "can't be checked (no approval key in the keyring)" in refused[0]
    # Comments and a note are not what is approved: they can change.
    catalogue, refused = merged("# ours\n" + text + 'note = "for the school project"\n', KEY)
    assert refused == [] and named(catalogue, "obs-portable") == "My recorder"


def test_an_approved_removal_stops_naming_the_app_and_frees_its_names() -> None:
    removal = '[[app]]\nid = "obs-studio"\nname = "OBS Studio"\nremoved = true\n'
    (entry,) = family(removal)
    assert entry.removed and not any(entry.processes.values())
    text = removal + f'approval = "{approval_for(entry, KEY)}"\n' + \
        '[[app]]\nid = "my-obs"\nname = "Our OBS"\ncategory = "other"\nprocesses.linux = ["obs"]\n'
    catalogue, refused = merged(text, KEY)
    assert refused == [] and catalogue.get("obs-studio") is None
    assert named(catalogue, "obs") == "Our OBS"
    assert named(catalogue, "obs64.exe", "windows") is None


def test_an_approval_never_lets_one_built_in_app_take_another_ones_names() -> None:
    text = signed('[[app]]\nid = "obs-studio"\nname = "OBS Studio"\ncategory = "streaming"\n'
                  'processes.linux = ["obs", "zoom"]\n')
    catalogue, refused = merged(text, KEY)
    assert named(catalogue, "zoom") == "Zoom" and named(catalogue, "obs") == "OBS Studio"
    assert "the process name 'zoom' (linux) is Zoom's, a built-in app" in refused[0]
    # ... nor a hand-written app take the names a parent gave a built-in one.
    taker = ('[[app]]\nid = "x"\nname = "X"\ncategory = "other"\n'
             'processes.linux = ["obs-portable"]\n')
    catalogue, refused = merged(signed(OBS_AS_MY_RECORDER) + taker, KEY)
    assert named(catalogue, "obs-portable") == "My recorder"
    assert "'obs-portable' (linux) is My recorder's" in refused[0]


def test_is_approved_is_false_without_an_approval_or_a_key() -> None:
    (entry,) = family(OBS_AS_MY_RECORDER)
    assert not is_approved(entry, KEY) and not is_approved(entry, None)
    assert is_approved(replace(entry, approval=approval_for(entry, KEY)), KEY)


# -- the promise, for any family file written by hand ---------------------------------------

BUILT_INS = built_in()
BUILT_IN_NAMES = sorted({(os_name, name) for e in BUILT_INS for os_name in OS_NAMES
                         for name in e.processes[os_name]})


def _spelling(name: str, os_name: str) -> st.SearchStrategy[str]:
    options = [st.just(name), st.just(name.upper()), st.just(f" {name.lower()} ")]
    if os_name == "windows":
        options.append(st.just(name.removesuffix(".exe") if name.endswith(".exe")
                               else name + ".exe"))
    if os_name == "linux" and len(name) > 15:
        options.append(st.just(name[:15]))
    return st.one_of(options)


_process = st.sampled_from(BUILT_IN_NAMES).flatmap(
    lambda pair: st.tuples(st.just(pair[0]), _spelling(pair[1], pair[0])))
_own = st.tuples(st.sampled_from(OS_NAMES), st.from_regex(r"[a-z]{3,18}", fullmatch=True))
_entry = st.tuples(
    st.one_of(st.sampled_from([e.app_id for e in BUILT_INS]),
              st.from_regex(r"[a-z]{2,10}", fullmatch=True)),
    st.booleans(), st.lists(st.one_of(_process, _own), min_size=1, max_size=4),
    st.one_of(st.just(""), st.from_regex(r"[0-9a-f]{64}", fullmatch=True)))


def _text(entries: list[tuple[str, bool, list[tuple[str, str]], str]]) -> str:
    blocks = []
    for app_id, removed, names, approval in entries:
        lines = ["[[app]]", f'id = "{app_id}"', 'name = "Something else"']
        if removed:
            lines.append("removed = true")
        else:
            lines.append('category = "other"')
            for os_name in OS_NAMES:
                chosen = ", ".join(f'"{n}"' for o, n in names if o == os_name)
                lines.append(f"processes.{os_name} = [{chosen}]")
        if approval:
            lines.append(f'approval = "{approval}"')
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


@settings(max_examples=300, deadline=None)
@given(st.lists(_entry, max_size=6), st.one_of(st.none(), st.just(KEY)))
def test_no_hand_written_file_stops_a_built_in_name_from_matching_its_app(
        entries: list[tuple[str, bool, list[tuple[str, str]], str]], key: bytes | None) -> None:
    found, _errors = parse_catalogue(_text(entries), "family.toml")
    guarded = guard(BUILT_INS, found, lambda: key)
    catalogue = Catalogue([*BUILT_INS, *guarded.accepted])
    for app in BUILT_INS:
        for os_name in OS_NAMES:
            for name in app.processes[os_name]:
                got = catalogue.match(name, None, os_name)
                assert got is not None and got.app_id == app.app_id, (name, os_name)
                assert got.name == app.name and got.category is app.category
                by_exe = catalogue.match("renamed", f"/opt/x/{name}", os_name)
                assert by_exe is not None and by_exe.app_id == app.app_id
                if os_name == "linux" and len(name.encode()) > 15:
                    short = catalogue.match(name[:15], None, os_name)
                    assert short is not None and short.app_id == app.app_id
