"""Packages for setuptools (the rest of the metadata is in pyproject.toml).

``resources/`` (the bundled CLIP, the Automation seed, fonts, translations) sits beside ``desktop/`` in a
checkout. A wheel carries it as the package data of ``desktop._resources`` (mapped from ``resources/``),
where ``desktop.resources.resources_dir()`` finds it in an installed copy. pyproject.toml cannot map a
package to another folder while also finding packages, hence this file.
"""

from setuptools import find_namespace_packages, setup

setup(
    packages=[
        *find_namespace_packages(include=["desktop", "desktop.*"], exclude=["*.__pycache__"]),
        "desktop._resources",
    ],
    package_dir={"desktop._resources": "resources"},
)
