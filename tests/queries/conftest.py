"""The sample graph and API fixtures of tests/api, shared with the named-query tests."""

from tests.api.conftest import api, gql, sample_document, sample_graph  # noqa: F401
