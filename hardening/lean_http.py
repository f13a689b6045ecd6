"""The common GraphQL request on a short path: a POST of one JSON operation.

Almost every request is ``POST /graphql`` with ``Content-Type: application/json`` and a
body ``{"query": …, "variables": …, "operationName": …}``.  Strawberry's view handles
every kind of request (GET, multipart uploads, batches, streamed results, the IDE) the
same long way: its content-type parsing alone builds an ``email.message`` per request
(0.1–0.3 ms), then the stream-transport look-ups, the batch and field checks.
:func:`lean_operation` recognises the common request from its method, its headers and
its body, read and parsed once; :func:`answer` then runs it through the same steps the
view takes for it (sub-response, context, the operation in one worker hop, shaping and
encoding in that worker, the response), so auth, limits, admission, the time budget,
errors, statuses and headers are those of the long path.  Anything else, including a
body that is not such an object, goes the long way, which reads the body Starlette
kept and answers (or refuses) it as before.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from strawberry.http import GraphQLRequestData

from observability.accesslog import OPERATION_KEY

#: One operation: its document, variables and operation name.
Operation = tuple[str, dict[str, Any] | None, str | None]

_FIELDS = frozenset({"query", "variables", "operationName", "extensions"})


def plain_json_post(scope: Any) -> bool:
    """Whether an HTTP scope is a POST of ``application/json`` (``charset=utf-8`` at
    most) asking for no streamed answer (``Accept`` naming no multipart or event
    stream).

    >>> plain_json_post({"type": "http", "method": "POST",
    ...                  "headers": [(b"content-type", b"application/json")]})
    True
    >>> plain_json_post({"type": "http", "method": "POST",
    ...                  "headers": [(b"content-type", b"multipart/form-data; boundary=x")]})
    False
    """
    if scope.get("type") != "http" or scope.get("method") != "POST":
        return False
    content_type = None
    for name, value in scope.get("headers", ()):
        if name == b"content-type":
            if content_type is not None:
                return False  # twice: the long way decides
            content_type = value.lower().replace(b" ", b"")
        elif name == b"accept" and (b"multipart" in value or b"event-stream" in value):
            return False
    return content_type in (b"application/json", b"application/json;charset=utf-8")


async def lean_operation(view: Any, request: Any) -> Operation | None:
    """The request's one operation when it is the common kind (see the module
    docstring), its body read and parsed once; ``None`` sends it the long way."""
    if not isinstance(request, Request) or not plain_json_post(request.scope):
        return None
    body = await request.body()  # kept by Starlette for the long way
    try:
        data = view.parse_json(body)
    except Exception:  # the long way answers it (400 and its message)
        return None
    if not isinstance(data, dict) or not data.keys() <= _FIELDS:
        return None
    query, variables, name = data.get("query"), data.get("variables"), data.get("operationName")
    if (not isinstance(query, str) or data.get("extensions") is not None
            or not isinstance(variables, dict | None) or not isinstance(name, str | None)):
        return None
    return query, variables, name


async def answer(view: Any, request: Any, operation: Operation) -> Any:
    """The response to ``operation``, by the view's own steps for a single operation
    (strawberry's ``run`` without what only other kinds of request need)."""
    query, variables, name = operation
    root_value = await view.get_root_value(request)
    sub_response = await view.get_sub_response(request)
    context = await view.get_context(request, response=sub_response)
    request.scope[OPERATION_KEY] = (name, query)  # for the access log
    result = await view.execute_single(
        request, view.request_adapter_class(request), sub_response=sub_response,
        context=context, root_value=root_value,
        request_data=GraphQLRequestData(query=query, variables=variables, operation_name=name,
                                        extensions=None, protocol="http"))
    response_data = await view.process_result(request, result)
    if result.errors:
        view._handle_errors(result.errors, response_data)
    return view.create_response(response_data=response_data, sub_response=sub_response)
