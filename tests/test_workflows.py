"""Supply chain: workflows pin actions to commits, use least privilege, deploy one at a time."""

import re
from pathlib import Path

import yaml

WORKFLOWS = sorted((Path(__file__).resolve().parent.parent / ".github" / "workflows").glob("*.yml"))


def test_every_action_is_pinned_to_a_full_commit_sha_with_its_version():
    assert WORKFLOWS
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if "uses:" in line:
                assert re.search(r"uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), f"{path.name}: {line}"


def test_workflows_grant_least_privilege():
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert workflow["permissions"] == {"contents": "read"}, path.name
        for name, job in workflow["jobs"].items():
            extra = set(job.get("permissions", {})) - {"contents"}
            assert extra <= {"pages", "id-token"}, (path.name, name, extra)
            assert "timeout-minutes" in job, (path.name, name)


def test_deploys_run_one_at_a_time_from_main():
    deploy = yaml.safe_load((WORKFLOWS[0].parent / "deploy.yml").read_text(encoding="utf-8"))
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert deploy[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads the key `on` as true
    assert deploy["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    steps = [step.get("run", "") for step in deploy["jobs"]["build"]["steps"]]
    assert "make site" in steps
