# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 Example Lab
"""tiny-gpt: model."""


def main() -> None:
    print("model")
