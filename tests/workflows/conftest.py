from tests.ci.gitlab.container_test import template_url  # noqa: F401  (the include template served on 127.0.0.1)
