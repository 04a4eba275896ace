"""`make lab` opens a notebook with no dialog: the README's JupyterLab, started by the real `make lab` target on a
free localhost port with a token (and no browser of its own), driven by headless Chromium. Opening nbs/00_core.ipynb
starts its `python3` kernel with no kernel-selection dialog, no news or update notification, and leaves the file as
it was. JupyterLab's user settings, workspaces and runtime files go to a temporary folder, as for a new user."""
import hashlib, os, secrets, signal, socket, subprocess, time, urllib.request, json
from pathlib import Path

import pytest

from test_reports import CHROME_FLAGS, chromium_path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = "nbs/00_core.ipynb"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=5) as r: return json.load(r)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    "JupyterLab from `make lab`: (base url, token); stopped (its process group) afterwards."
    tmp = tmp_path_factory.mktemp("lab")
    port, token = free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_PORT": str(port), "JUPYTER_PORT_RETRIES": "0", "JUPYTER_TOKEN": token,
           "BROWSER": "true",  # the server "opens" its page with /bin/true; Playwright is the browser
           "JUPYTERLAB_SETTINGS_DIR": str(tmp / "user-settings"), "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "workspaces"),
           "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"), "JUPYTER_CONFIG_DIR": str(tmp / "config")}
    log = open(tmp / "lab.log", "w")
    proc = subprocess.Popen(["make", "-s", "lab"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            if proc.poll() is not None: pytest.fail(f"`make lab` exited {proc.returncode}: {(tmp / 'lab.log').read_text()[-2000:]}")
            try:
                get_json(f"{base}/api/status?token={token}")
                break
            except OSError: time.sleep(0.25)
        else: pytest.fail(f"JupyterLab did not answer on {base} within 60 s: {(tmp / 'lab.log').read_text()[-2000:]}")
        yield base, token
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # the process group that `make lab` started, nothing else
        try: proc.wait(timeout=20)
        except subprocess.TimeoutExpired: os.killpg(proc.pid, signal.SIGKILL)
        log.close()


def test_make_lab_opens_a_notebook_without_dialogs(lab):
    from playwright.sync_api import sync_playwright
    base, token = lab
    before = hashlib.sha256((ROOT / NOTEBOOK).read_bytes()).hexdigest()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROME_FLAGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(f"{base}/lab/tree/{NOTEBOOK}?token={token}")
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
        # the kernel starts by itself: a session for the notebook, on python3, idle
        for _ in range(240):
            sessions = [s for s in get_json(f"{base}/api/sessions?token={token}") if s["path"] == NOTEBOOK]
            if sessions and sessions[0]["kernel"]["execution_state"] == "idle": break
            page.wait_for_timeout(250)
        assert sessions, "no kernel session was started for the notebook"
        assert sessions[0]["kernel"]["name"] == "python3", sessions[0]["kernel"]
        page.wait_for_timeout(3000)  # time for a late dialog or notification to show up
        dialogs = page.locator(".jp-Dialog").all_inner_texts()
        toasts = page.locator(".Toastify__toast").all_inner_texts()
        kernel_label = page.locator(".jp-NotebookPanel-toolbar .jp-Toolbar-kernelName").first.inner_text()
        browser.close()
    assert dialogs == [], f"a dialog is open: {dialogs}"
    assert toasts == [], f"a notification is shown: {toasts}"
    python3 = get_json(f"{base}/api/kernelspecs?token={token}")["kernelspecs"]["python3"]["spec"]["display_name"]
    assert kernel_label.strip() == python3, (kernel_label, python3)  # the toolbar names the python3 kernel
    assert hashlib.sha256((ROOT / NOTEBOOK).read_bytes()).hexdigest() == before, f"opening {NOTEBOOK} changed it"
