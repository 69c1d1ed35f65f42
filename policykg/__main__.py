"""``python -m policykg`` runs the ``policykg`` command."""

from policykg.cli import app

app(prog_name="policykg")
