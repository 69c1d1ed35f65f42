"""``build`` fills a typed object as the class's own ``__init__`` would, and ``node_type``'s
memo answers as the walk over the labels does.

``build`` stores a plain dataclass's attributes without calling ``__init__`` (the cost of
that call was most of wrapping a large answer): every type it is given here must come out
equal, field for field, to the object its constructor makes from the same values, and a
class whose ``__init__`` does more is built by calling it.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
import strawberry

import api.schema  # noqa: F401  (registers every node type)
from api.schema.types.common import _shape, build, node_class, prop, wrap
from api.schema.types.document import AreaListing
from api.schema.types.item import Citation, PlaceMention, ResponsibleUnit
from api.schema.types.place import Mention
from graph.cypher import NODE_TYPES
from graph.read import format_id, node_type
from graph.registry import Label

RELATED = (AreaListing, Citation, PlaceMention, ResponsibleUnit, Mention)


def _node_dict(cls: type, label: Label | None) -> dict[str, Any]:
    """A node dict with every property the class shows, each a distinct value, and a
    relationship that reached it with every relationship property."""
    shape = _shape(cls)
    data: dict[str, Any] = {name: f"{name}-value" for name in shape.props}
    data["__rel"] = {name: f"rel-{name}" for name in shape.rel_props}
    if label is not None:
        data["__key"] = f"key-of-{label.value}"
        data["__labels"] = [label.value, "Item"] if label in (Label.TASK, Label.REFORM, Label.MEASURE) \
            else [label.value]
    return data


def _constructed(cls: type, data: dict[str, Any], label: Label | None) -> Any:
    """What ``build`` made before it filled objects directly: the constructor's object."""
    shape = _shape(cls)
    rel = data.get("__rel") or {}
    if not shape.node:
        values = {py: data.get(name) for name, py in shape.props.items()}
        values.update({py: rel.get(name) for name, py in shape.rel_props.items()})
        return cls(_d=data, **values)
    values = {py: data[name] for name, py in shape.props.items() if name in data}
    values.update({py: rel[name] for name, py in shape.rel_props.items() if name in rel})
    labels = data["__labels"]
    key = data["__key"]
    return cls(_d=data, id=format_id(label, key) if label else str(key), key=str(key),
               labels=sorted(labels), display_name=data.get("name") or data.get("title"), **values)


@pytest.mark.parametrize("label", NODE_TYPES, ids=lambda label: label.value)
def test_a_node_type_is_built_as_its_constructor_builds_it(label: Label) -> None:
    cls = node_class(label)
    assert _shape(cls).defaults is not None, f"{cls.__name__} is no longer a plain dataclass"
    data = _node_dict(cls, label)
    built = wrap(data)
    assert type(built) is cls
    assert built == _constructed(cls, data, label)
    assert built._d is data
    assert built.id == f"{label.value}:key-of-{label.value}"
    # a property the statement did not fetch keeps its default
    sparse = {"__key": data["__key"], "__labels": data["__labels"]}
    assert wrap(sparse) == _constructed(cls, sparse, label)
    assert all(getattr(wrap(sparse), py) is None for py in _shape(cls).props.values())


@pytest.mark.parametrize("cls", RELATED, ids=lambda cls: cls.__name__)
def test_a_related_row_is_built_as_its_constructor_builds_it(cls: type) -> None:
    data = _node_dict(cls, None)
    assert build(cls, data) == _constructed(cls, data, None)
    assert build(cls, {}) == _constructed(cls, {}, None)


def test_built_objects_do_not_share_their_state() -> None:
    cls = node_class(Label.TASK)
    a, b = (wrap({"__key": k, "__labels": ["Task", "Item"], "name": k}) for k in ("a", "b"))
    assert (a.name, b.name, a.key, b.key) == ("a", "b", "a", "b")
    a.name = "changed"
    assert b.name == "b"
    assert wrap({"__key": "c", "__labels": ["Task", "Item"]}).name is None
    assert isinstance(a, cls)


def test_a_class_whose_init_does_more_is_built_by_calling_it() -> None:
    calls: list[str] = []

    @strawberry.type
    class WithPostInit:
        _d: strawberry.Private[dict[str, Any]]
        name: str | None = prop("name", "A name.", "名称.")

        def __post_init__(self) -> None:
            calls.append(self.name or "")

    @strawberry.type
    class WithFactory:
        _d: strawberry.Private[dict[str, Any]]
        name: str | None = prop("name", "A name.", "名称.")
        tags: list[str] = dataclasses.field(default_factory=list)

    assert _shape(WithPostInit).defaults is None
    assert build(WithPostInit, {"name": "x"}).name == "x"
    assert calls == ["x"]
    assert _shape(WithFactory).defaults is None
    one, two = build(WithFactory, {"name": "y"}), build(WithFactory, {})
    assert (one.name, one.tags, two.name) == ("y", [], None)
    assert one.tags is not two.tags


def test_node_type_remembers_what_the_labels_walk_gives() -> None:
    combinations = [[label.value] for label in NODE_TYPES] + [
        ["Item", "Task"], ["Task", "Item"], ["Item"], [], ["Unknown"], ["Unknown", "Policy"]]
    expected = [next((label for label in NODE_TYPES if label.value in set(given)), None) for given in combinations]
    assert [node_type(given) for given in combinations] == expected
    assert [node_type(tuple(given)) for given in combinations] == expected  # asked again, from the memo
    assert node_type(iter(["Reform", "Item"])) is Label.REFORM
    assert format_id(Label.POLICY, "p") == "Policy:p"
    assert format_id(Label.TASK, 7) == "Task:7"  # type: ignore[arg-type]


def test_a_class_with_its_own_init_keeps_it() -> None:
    @strawberry.type
    class OwnInit:
        _d: strawberry.Private[dict[str, Any]]
        name: str | None = prop("name", "A name.", "名称.")

        def __init__(self, _d: dict[str, Any], name: str | None = None) -> None:
            self._d = _d
            self.name = (name or "").upper() or None

    assert _shape(OwnInit).defaults is None
    assert build(OwnInit, {"name": "abc"}).name == "ABC"


def test_a_property_field_build_could_not_set_is_named() -> None:
    @strawberry.type
    class PropertyWithResolver:
        _d: strawberry.Private[dict[str, Any]]

        @strawberry.field(metadata={"prop": "name"})
        def name(self) -> str | None:
            return None

    with pytest.raises(TypeError, match=r"PropertyWithResolver: build would set \['name'\]"):
        _shape(PropertyWithResolver)
