"""The OpenAPI schema declares the error answers every operation can give (drf-spectacular
postprocessing hook, ``SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]``).

drf-spectacular documents only the success answer; a client generated from the schema (or a
tester such as schemathesis) then treats our ordinary 400/401/403/404 answers as undocumented.
Every operation can give each of them: 400 for a bad body, filter or page; 401 without
credentials; 403 for a role that may not; 404 for an object, or page, outside the caller's
scope. An operation that declares one of these itself keeps its own.
"""

from __future__ import annotations

#: The body DRF gives 401, 403 and 404 answers (and other errors without field details).
ERROR_COMPONENT = "Error"
#: The body of a 400: field name (or ``non_field_errors``) -> messages.
VALIDATION_ERROR_COMPONENT = "ValidationError"

COMPONENT_SCHEMAS = {
    ERROR_COMPONENT: {
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    VALIDATION_ERROR_COMPONENT: {
        "type": "object",
        "description": "Messages per field (nested for nested fields); errors not tied to a "
        "field are in non_field_errors; a body that cannot be read at all gives detail.",
        "additionalProperties": {
            "anyOf": [
                {"type": "array", "items": {"type": "string"}},
                {"type": "object"},
                {"type": "string"},
            ]
        },
    },
}

ERROR_RESPONSES = {
    "400": (
        "The request is invalid: the messages name each field at fault.",
        VALIDATION_ERROR_COMPONENT,
    ),
    "401": ("No valid credentials: sign in, or send an API token.", ERROR_COMPONENT),
    "403": ("Your role may not do this.", ERROR_COMPONENT),
    "404": ("No such object or page within what you may see.", ERROR_COMPONENT),
}

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _response(description: str, component: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
    }


def declare_error_responses(result: dict, generator, request, public) -> dict:
    """Add the shared error answers to every operation of the schema."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in COMPONENT_SCHEMAS.items():
        schemas.setdefault(name, schema)
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in HTTP_METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for status, (description, component) in ERROR_RESPONSES.items():
                responses.setdefault(status, _response(description, component))
    return result
