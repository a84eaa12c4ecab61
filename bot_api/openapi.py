"""The OpenAPI document: the API-key security scheme, and request bodies exactly as strict as we are.

Our request structs forbid unknown fields; the document says so (`additionalProperties: false`),
so a client generator or a fuzzer reading it knows an extra field is an error, not a liberty. It
also restores bounds of zero (`ge=0`), which Litestar's generator drops as falsy.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar._openapi.schema_generation.plugins.struct import StructSchemaPlugin
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import Components, Schema, SecurityScheme

from bot_api.security import API_KEY_HEADER
from ehub import __version__


class StrictStructSchemaPlugin(StructSchemaPlugin):
    """msgspec structs with `forbid_unknown_fields=True` declare `additionalProperties: false`."""

    def to_openapi_schema(self, field_definition: Any, schema_creator: Any) -> Schema:
        schema = super().to_openapi_schema(field_definition, schema_creator)
        info = msgspec.inspect.type_info(field_definition.type_)
        if not isinstance(info, msgspec.inspect.StructType):
            return schema
        if info.forbid_unknown_fields:
            schema.additional_properties = False
        for field in info.fields:
            target = (schema.properties or {}).get(field.encode_name)
            if isinstance(target, Schema):
                _restore_zero_bounds(target, field.type)
        return schema


_BOUNDS = {"ge": "minimum", "gt": "exclusive_minimum", "le": "maximum", "lt": "exclusive_maximum"}


def _restore_zero_bounds(schema: Schema, field_type: msgspec.inspect.Type) -> None:
    types = field_type.types if isinstance(field_type, msgspec.inspect.UnionType) else (field_type,)
    for member in types:
        for constraint, attribute in _BOUNDS.items():
            if getattr(member, constraint, None) == 0 and getattr(schema, attribute) is None:
                setattr(schema, attribute, 0)


def openapi_config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="EnterpriseHub Jorge bots API",
        version=__version__,
        path="/schema",
        render_plugins=[SwaggerRenderPlugin()],
        components=Components(
            security_schemes={
                "ApiKey": SecurityScheme(
                    type="apiKey",
                    name=API_KEY_HEADER,
                    security_scheme_in="header",
                    description="A key from `ehub apikey create`; a chat-only key is public (the widget's).",
                ),
                "Bearer": SecurityScheme(
                    type="http",
                    scheme="bearer",
                    bearer_format="JWT",
                    description="A user's access token from `POST /v1/auth/token` (one hour).",
                ),
            }
        ),
    )
