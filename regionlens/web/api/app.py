"""The REST API as its own FastAPI application, mounted by the web app at /api/v1.

A separate app keeps the page app's HTML error pages, login redirects and
form CSRF guard out of the API (which answers in JSON and authenticates
scripts by bearer token), and lets the API publish its OpenAPI schema while
the page app publishes none.
"""

from __future__ import annotations

from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from regionlens import __version__
from regionlens.accounts.sessions import SessionStore
from regionlens.messages import pick_lang, tr, translate
from regionlens.store.project import Project
from regionlens.web.params import bounded_path_ids

PREFIX = "/api/v1"

# Starlette's own English texts for errors raised before any endpoint runs.
_DEFAULT_DETAILS = {
    404: "Такого адреса в API нет.",
    405: "Этот метод для данного адреса не поддерживается.",
}

_VALIDATION = {
    "missing": "обязательный параметр не указан",
    "int_parsing": "нужно целое число",
    "float_parsing": "нужно число",
    "bool_parsing": "нужно true или false",
    "date_from_datetime_parsing": "нужна дата ГГГГ-ММ-ДД",
    "date_parsing": "нужна дата ГГГГ-ММ-ДД",
    "greater_than_equal": "слишком маленькое значение",
    "less_than_equal": "слишком большое значение",
    "string_too_short": "пустое значение",
    "string_too_long": "слишком длинное значение",
    "too_long": "слишком много элементов",
    "too_short": "нужен хотя бы один элемент",
    "string_type": "нужна строка",
    "list_type": "нужен список",
    "dict_type": "нужен объект JSON",
    "json_invalid": "тело запроса — не JSON",
    "model_attributes_type": "нужен объект JSON",
}


def _place(loc: tuple[Any, ...]) -> str:
    where = {"query": "параметр", "path": "часть адреса", "body": "поле тела запроса", "header": "заголовок"}
    if not loc:
        return "запрос"
    head, rest = str(loc[0]), [str(p) for p in loc[1:]]
    if head == "body" and not rest:
        return "тело запроса"
    return f"{where.get(head, head)} {'.'.join(rest)}".strip()


def validation_message(exc: RequestValidationError, lang: str = "ru") -> str:
    """All problems of a request in one sentence in the client's language, naming each parameter."""
    parts = []
    for error in exc.errors():
        reason = _VALIDATION.get(str(error.get("type")), str(error.get("msg", "неверное значение")))
        parts.append(f"{translate(_place(tuple(error.get('loc', ()))), lang)}: {translate(reason, lang)}")
    return tr("Неверный запрос: {0}.", "; ".join(parts), lang=lang)


class ErrorOut(BaseModel):
    detail: str


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "Нет токена или токен неверный"},
    403: {"model": ErrorOut, "description": "Недостаточно прав"},
    404: {"model": ErrorOut, "description": "Не найдено"},
    422: {"model": ErrorOut, "description": "Неверные параметры"},
}


def create_api(project: Project, sessions: SessionStore | None = None) -> FastAPI:
    """The API application over one project; `sessions` are the page app's (browser scripts)."""
    from regionlens.web.api import aggregates, codes, collection, jobs, me, publications, search, sources

    api = FastAPI(
        title="regionlens API", version=__version__, openapi_url="/openapi.json", docs_url=None, redoc_url=None,
        description="Публикации, коды, поиск, показатели, источники и задания кодирования проекта regionlens. "
                    "Аутентификация: `Authorization: Bearer <токен>` (regionlens token create).",
        dependencies=[Depends(bounded_path_ids)],
    )
    api.state.project = project
    api.state.engine = project.engine
    api.state.sessions = sessions or SessionStore(project.engine)

    @api.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail
        if exc.status_code in _DEFAULT_DETAILS and (not isinstance(detail, str) or detail.isascii()):
            detail = _DEFAULT_DETAILS[exc.status_code]
        if isinstance(detail, str):
            detail = translate(detail, pick_lang(request.headers.get("accept-language")))
        return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=exc.headers)

    @api.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        message = validation_message(exc, pick_lang(request.headers.get("accept-language")))
        return JSONResponse({"detail": message}, status_code=422)

    @api.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> JSONResponse:
        # Starlette still logs the traceback; the client gets JSON like every other answer, without internals.
        message = translate("Внутренняя ошибка сервера; подробности — в журнале сервера.",
                            pick_lang(request.headers.get("accept-language")))
        return JSONResponse({"detail": message}, status_code=500)

    for module in (me, publications, codes, search, aggregates, sources, jobs, collection):
        api.include_router(module.router, responses=ERRORS)
    return api


__all__ = ["PREFIX", "ErrorOut", "create_api", "validation_message"]
