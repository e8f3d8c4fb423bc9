# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 Example Lab
"""tiny-gpt: generate."""


def main() -> None:
    print("generate")
