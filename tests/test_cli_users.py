"""`python bot.py users …` and `python bot.py export …`."""

from __future__ import annotations

import csv
import io

from tests.harness import run_cli


def test_grant_list_revoke_round_trip(tmp_path):
    assert run_cli(tmp_path, "users", "grant", "42", "official", "--unit",
                   "quan-do-son", "--allow-closed-unit").returncode == 0
    assert run_cli(tmp_path, "users", "grant", "43", "admin").returncode == 0
    again = run_cli(tmp_path, "users", "grant", "42", "official", "--unit",
                    "quan-do-son", "--allow-closed-unit")
    assert again.returncode == 0  # idempotent: still one grant
    listing = run_cli(tmp_path, "users", "list", CDSBOT_ADMINS="7").stdout.splitlines()
    assert listing[0].startswith("7\tadmin\t-\tCDSBOT_ADMINS")
    assert [line.split("\t")[:3] for line in listing[1:]] == [
        ["42", "official", "quan-do-son"], ["43", "admin", "-"]]
    revoked = run_cli(tmp_path, "users", "revoke", "42")
    assert revoked.returncode == 0 and "Đã thu hồi 1 quyền" in revoked.stdout
    assert "42\t" not in run_cli(tmp_path, "users", "list").stdout
    assert run_cli(tmp_path, "users", "revoke", "42").returncode == 1
    audit = list(csv.DictReader(io.StringIO(run_cli(tmp_path, "export", "audit").stdout)))
    assert [(r["action"], r["target"]) for r in audit] == [
        ("grant", "42"), ("grant", "43"), ("revoke", "42")]
    assert all('"via": "cli"' in r["detail"] for r in audit)


def test_bad_grants_change_nothing(tmp_path):
    cases = [
        (["users", "grant", "abc", "admin"], "không phải mã người dùng"),
        (["users", "grant", "1087968824", "admin"], "ẩn danh"),
        (["users", "grant", "136817688", "admin"], "ẩn danh"),
        (["users", "grant", "44", "official"], "--unit"),
        (["users", "grant", "44", "official", "--unit", "quan-khac"], "Không có đơn vị"),
        (["users", "grant", "44", "admin", "--unit", "ubnd-tp"], "không gắn với --unit"),
    ]
    for args, message in cases:
        res = run_cli(tmp_path, *args)
        assert res.returncode == 2 and message in res.stderr, (args, res.stderr)
    assert run_cli(tmp_path, "users", "grant", "44", "superuser").returncode == 2
    assert run_cli(tmp_path, "export", "audit").stdout.strip().count("\n") == 0


def test_export_headers(tmp_path):
    def header(kind: str) -> str:
        return run_cli(tmp_path, "export", kind).stdout.splitlines()[0]

    assert header("indicators").startswith("id,name,unit,target")
    assert header("units").startswith("id,name")
    assert header("reports").startswith("indicator,unit,period,value,reporter,created_at,status")
    rows = list(csv.DictReader(io.StringIO(run_cli(tmp_path, "export", "indicators").stdout)))
    assert {r["id"]: r["target"] for r in rows}["tai-khoan-thanh-toan"] == "30"
    assert {r["id"]: r["comparator"] for r in rows}["tai-khoan-thanh-toan"] == ">"


def test_a_revocation_from_the_command_line_tells_the_person(tmp_path):
    """Trial 5b: a grant tells the official, a revocation did not."""
    run_cli(tmp_path, "users", "grant", "42", "official", "--unit",
            "quan-do-son", "--allow-closed-unit")
    assert run_cli(tmp_path, "users", "revoke", "42").returncode == 0
    status = run_cli(tmp_path, "notify", "status").stdout.splitlines()
    revoke = [line.split("\t") for line in status if line.startswith("revoke:")]
    assert [(r[1], r[-1]) for r in revoke] == [
        ("1", "Quyền báo cáo cho UBND quận Đồ Sơn của bạn đã bị thu hồi")]


def test_exports_backups_and_grants_from_the_command_line_are_audited_with_the_os_user(
        tmp_path):
    """Trial 5b (A3): `export …` and `backup PATH` wrote nothing to the audit log; CLI rows had
    an empty actor and no trace of who ran them; a second identical grant printed "Đã cấp
    quyền … cho 701." although it changed nothing."""
    import getpass

    me = getpass.getuser()
    first = run_cli(tmp_path, "users", "grant", "701", "official", "--unit", "ubnd-tp")
    assert first.returncode == 0 and "Đã cấp quyền" in first.stdout
    again = run_cli(tmp_path, "users", "grant", "701", "official", "--unit", "ubnd-tp")
    assert again.returncode == 0 and "Đã cấp quyền" not in again.stdout
    assert "701 đã có quyền này (cán bộ Ủy ban nhân dân thành phố Hải Phòng)" in again.stdout
    assert run_cli(tmp_path, "export", "reports").returncode == 0
    assert run_cli(tmp_path, "backup", str(tmp_path / "copy.db")).returncode == 0
    rows = list(csv.DictReader(io.StringIO(run_cli(tmp_path, "export", "audit").stdout)))
    assert [(r["action"], r["target"]) for r in rows] == [
        ("grant", "701"), ("export", "reports"), ("backup", str(tmp_path / "copy.db"))]
    assert all(f'"os_user": "{me}"' in r["detail"] for r in rows)
    last = list(csv.DictReader(io.StringIO(run_cli(tmp_path, "export", "audit").stdout)))[-1]
    assert (last["action"], last["target"]) == ("export", "audit")  # the export before


def test_revoking_an_admin_of_the_environment_says_where_the_role_comes_from(tmp_path):
    """Trial 5b (B12): `users revoke 900` → "900 không có quyền nào đang hiệu lực." while
    `users list` shows "900 admin - CDSBOT_ADMINS"."""
    res = run_cli(tmp_path, "users", "revoke", "900", CDSBOT_ADMINS="900")
    assert res.returncode == 1
    assert "900 là quản trị vì có trong biến môi trường CDSBOT_ADMINS" in res.stderr
    assert "bỏ 900 khỏi CDSBOT_ADMINS" in res.stderr and "không có quyền nào" not in res.stderr
    assert "không có quyền nào" in run_cli(tmp_path, "users", "revoke", "901",
                                           CDSBOT_ADMINS="900").stderr
