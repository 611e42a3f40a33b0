"""The intake page itself: the same HTML for every intake point's address, and its files
(relay/intake_pages.py). Not part of the API description."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from starlette.responses import Response

from relay import errors, intake_pages, intake_publish
from relay.context import Relay
from relay.routes import relay_of

router = APIRouter(prefix="/depot", include_in_schema=False)


def _file(path: str, status: int = 200) -> Response:
    found = intake_pages.asset(path)
    if found is None:
        raise errors.NotFound("Nothing here.")
    return Response(found.data, status_code=status, media_type=found.media_type)


async def _page(relay: Relay, name: str, page: str) -> Response:
    if not await relay.run(intake_publish.exists, relay, name):
        return _file(intake_pages.NOT_FOUND_PAGE, 404)
    return _file(page)


@router.get("/static/{path:path}")
def asset(path: str) -> Response:
    return _file(path)


@router.get("/{name}")
async def page(name: str, relay: Relay = Depends(relay_of)) -> Response:
    return await _page(relay, name, intake_pages.PAGE)


@router.get("/{name}/reponse")
async def reply_page(name: str, relay: Relay = Depends(relay_of)) -> Response:
    return await _page(relay, name, intake_pages.REPLY_PAGE)
