"""The API publishes a valid OpenAPI 3 schema with the bearer scheme; the page app still publishes none."""

from __future__ import annotations

from api_helpers import api_client, build_world
from openapi_spec_validator import validate

from regionlens.store.project import Project


def test_openapi_schema_is_served_and_valid(project: Project) -> None:
    world = build_world(project)
    c = api_client(world)
    r = c.get("/api/v1/openapi.json")  # public, like any API description: it holds no data
    assert r.status_code == 200
    schema = r.json()
    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert schema["servers"] == [{"url": "/api/v1"}]
    assert schema["components"]["securitySchemes"]["token"] == {
        "type": "http", "scheme": "bearer", "description": schema["components"]["securitySchemes"]["token"]["description"]}
    expected = {"/publications", "/publications/{document_id}", "/publications/{document_id}/codes", "/codes",
                "/search", "/aggregates", "/sources", "/sources/{source_id}", "/jobs", "/jobs/{job_id}",
                "/jobs/{job_id}/units", "/jobs/{job_id}/units/{document_id}", "/me", "/collection"}
    assert set(schema["paths"]) == expected
    params = {p["name"] for p in schema["paths"]["/publications"]["get"]["parameters"]}
    assert {"date_from", "date_to", "country", "level", "region", "source_id", "topic", "limit", "offset"} <= params
    for path, operations in schema["paths"].items():
        for method, op in operations.items():
            assert op.get("security") == [{"token": []}], (method, path)
            assert "401" in op["responses"] and "403" in op["responses"], (method, path)
    error = schema["paths"]["/publications"]["get"]["responses"]["422"]["content"]["application/json"]["schema"]
    assert error == {"$ref": "#/components/schemas/ErrorOut"}
    assert c.get("/openapi.json").status_code == 404
    assert c.get("/docs").status_code == 404
