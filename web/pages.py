"""Placeholder home page until the lookup site lands: shows what the database holds."""
from flask import Blueprint, render_template

from glossary.build import content_counts

from .db import get_db

bp = Blueprint("pages", __name__)


@bp.route("/")
def index():
    return render_template("index.html", counts=content_counts(get_db()))
