"""The signed `.scelle` sealed-file format (docs/format.md §3).

Modules: `writer.seal` (streaming, signed, addressed to recipients and sender), `reader.open_sealed`
(streaming into caller sinks, every check in DESIGN's order), `metadata` (strict canonical JSON),
`names` (file-name safety), `layout` (bytes and signed message), `errors` (one class per refusal),
`codec` (canonical JSON shared with identity cards). Nothing is imported here, so that
`crypto.identity` can use `codec` without an import cycle.
"""
