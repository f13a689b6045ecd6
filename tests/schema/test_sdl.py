"""The committed SDL (schema/schema.graphql) is the public contract: it must match the code."""

from __future__ import annotations

from schema.export import SDL_PATH, main, sdl


def test_committed_sdl_matches_the_code() -> None:
    assert SDL_PATH.read_text(encoding="utf-8") == sdl(), (
        "schema/schema.graphql is stale: run `.venv/bin/python -m schema.export`")


def test_check_mode_passes_on_the_committed_file() -> None:
    assert main(["--check"]) == 0


def test_sdl_declares_every_contract_field() -> None:
    text = sdl()
    for field in ["  unit(\n    name: String!\n", "  ): Unit!", "  units(\n", "  ): [Unit!]!",
                  "  whoOwns(\n    text: String!\n", "  overdue(\n    asOf: Date!\n    unit: String = null\n",
                  "  dueBetween(\n    start: Date!\n    end: Date!\n", "place(name: String!): Place!",
                  "  coResponsibility(\n    unit: String!\n",
                  "  shortestPath(\n    from: String!\n    to: String!\n", "  search(\n    text: String!\n",
                  "jurisdiction(name: String!): Jurisdiction!", "  jurisdictions(\n",
                  "  ): [Jurisdiction!]!", "  documents(\n    filter: DocumentFilter = null\n",
                  "  ): DocumentConnection!", "document(number: String!): Document!",
                  "node(id: ID!): Node", "addUnitAlias(input: AddUnitAliasInput!): UnitPayload!",
                  "recordSuccession(input: RecordSuccessionInput!): SuccessionPayload!"]:
        assert field in text, field
