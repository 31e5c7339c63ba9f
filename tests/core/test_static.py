"""The production static files: collectstatic with the manifest storage production uses.

A vendored file that names a missing one (a source map, a font) stops collectstatic, and with no
manifest every page answers 500 in production. The suite runs the production storage so that
such a file fails here, not on deployment day.
"""
from django.core.management import call_command
from django.test import override_settings

MANIFEST_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def test_collectstatic_with_the_production_storage_writes_a_manifest(tmp_path):
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=MANIFEST_STORAGES):
        call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()
    hashed = [p.name for p in (tmp_path / "vendor" / "bootstrap").iterdir()]
    assert any(n.startswith("bootstrap.bundle.min.") and n.endswith(".js") and n != "bootstrap.bundle.min.js"
               for n in hashed), hashed
    # WhiteNoise serves the compressed copies itself: the pages stay light on EDGE.
    assert any(n.endswith(".js.gz") for n in hashed), hashed
