"""The site served by a process of its own (``manage.py runserver``), for the fault tests that
need a second process or a database that the test stops."""

import http.client
import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

from django.conf import settings

from .servers import free_port, port_open, wait_until


class SiteProcess:
    """``manage.py runserver`` on a free port with the environment given (production-like:
    ``DEBUG`` off); ``request()`` answers without following redirects."""

    def __init__(self, tmp_path, **environment):
        self.port = free_port()
        self.log_path = Path(tmp_path) / f"site-{self.port}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "espace_site.settings.dev",
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "VAR_DIR": str(Path(tmp_path) / f"var-{self.port}"),
            "REDIS_URL": "",
            "PAGE_CACHE_SECONDS": "0",
            **environment,
        }
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(  # noqa: S603 (fixed arguments)
            [
                sys.executable,
                "manage.py",
                "runserver",
                f"127.0.0.1:{self.port}",
                "--noreload",
                "--skip-checks",
            ],
            env=env,
            cwd=settings.BASE_DIR,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until(lambda: port_open(self.port), timeout=60, what="the site's process")
        except AssertionError:
            self.stop()
            raise AssertionError(self.log()) from None

    def log(self):
        return self.log_path.read_text(errors="replace")

    def request(self, method, path, *, data=None, cookies=None, host="127.0.0.1"):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": host}
        if cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.text = response.read().decode(errors="replace")
        connection.close()
        return response

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        self._log.close()
