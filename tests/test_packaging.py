"""What the installed distribution says about itself: one version, the license, extras."""

from __future__ import annotations

from importlib import metadata

import sms_codec


def test_one_version_everywhere() -> None:
    assert metadata.version("sms-codec") == sms_codec.__version__


def test_license_is_spdx_apache_with_its_text() -> None:
    meta = metadata.metadata("sms-codec")
    assert meta["License-Expression"] == "Apache-2.0"
    files = [str(f) for f in metadata.files("sms-codec") or ()]
    assert any(f.endswith("licenses/LICENSE") for f in files)


def test_no_gpl_package_is_a_default_dependency() -> None:
    # unidecode (GPL-2.0-or-later) and ua-parser sit behind extras; regex is Apache-2.0.
    defaults = [r for r in metadata.requires("sms-codec") or () if "extra ==" not in r]
    assert [r.split(">")[0] for r in defaults] == ["regex"]
    extras = metadata.metadata("sms-codec").get_all("Provides-Extra") or []
    assert {"links", "unidecode", "redis", "geo", "test"} <= set(extras)


def test_python_versions_are_classified() -> None:
    classifiers = metadata.metadata("sms-codec").get_all("Classifier") or []
    for minor in (10, 11, 12, 13):
        assert f"Programming Language :: Python :: 3.{minor}" in classifiers
