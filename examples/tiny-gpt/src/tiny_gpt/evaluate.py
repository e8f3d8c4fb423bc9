# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 Example Lab
"""tiny-gpt: evaluate."""


def main() -> None:
    print("evaluate")
