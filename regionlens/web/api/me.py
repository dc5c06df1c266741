"""Who the API thinks the caller is: lets a script check its token before doing real work."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from regionlens.accounts.users import User
from regionlens.web.api.security import reader

router = APIRouter(tags=["me"])


class Me(BaseModel):
    username: str
    role: str
    language: str


@router.get("/me", response_model=Me, summary="Текущий пользователь")
def whoami(user: User = Depends(reader)) -> Me:
    return Me(username=user.username, role=user.role, language=user.language)
