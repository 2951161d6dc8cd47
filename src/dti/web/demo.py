"""The demo data set: real org units, the seed frameworks, two rounds from the example files, users.

Idempotent: units and frameworks are upserted; a round and its entries are created only once, so
re-running keeps whatever was typed into the demo since.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from dti.importers.entries_file import read_entries
from dti.web.accounts.models import Role
from dti.web.accounts.services import role_assign, user_ensure
from dti.web.entries.models import Workflow
from dti.web.entries.services import entries_import
from dti.web.frameworks.models import FrameworkVersion
from dti.web.frameworks.services import frameworks_load_builtin
from dti.web.rounds import services as rounds
from dti.web.rounds.assignments import assignment_set
from dti.web.rounds.models import Round, RoundState
from dti.web.rounds.planning import round_amend
from dti.web.units.models import Agency, Level, OrgUnit
from dti.web.units.services import units_import

SEED_PROVINCES = ["46", "58", "30", "38", "11"]  # Thừa Thiên Huế, Ninh Thuận, Hải Dương, Thanh Hóa, Điện Biên
DEMO_PASSWORD = "dti-demo-2024"  # noqa: S105 - printed on start; a demo on 127.0.0.1 only


def examples_dir() -> Path:
    here = Path(__file__).resolve().parents[3] / "examples"
    return here if here.is_dir() else Path.cwd() / "examples"


@dataclass
class DemoUser:
    username: str
    full_name: str
    role: str
    scope: str


def _units_at(parent_codes: list[str], on: dt.date) -> list[OrgUnit]:
    qs = OrgUnit.objects.filter(level=Level.HUYEN, parent__code__in=parent_codes, structure="legacy")
    return sorted((u for u in qs if u.valid_on(on)), key=lambda u: u.code)


def _framework(code: str) -> FrameworkVersion:
    fv = FrameworkVersion.objects.filter(code=code).order_by("-version").first()
    if fv is None:
        raise LookupError(f"Chưa nạp bộ chỉ số '{code}' (thiếu tệp src/dti/frameworks/{code}.yaml?)")
    return fv


def _load_entries(rnd: Round, files: list[tuple[str, bool, str]], log: list[str]) -> None:
    framework = rnd.framework.parsed()
    units = {u.code: u for u in rnd.units.all()}
    for name, sample, workflow in files:
        path = examples_dir() / name
        if not path.exists():
            log.append(f"  (bỏ qua {name}: không có tệp)")
            continue
        data = read_entries(path, framework, period=None, year=rnd.year)
        n = entries_import(round=rnd, entries=data.entries, units_by_code=units, workflow=workflow,
                           is_sample=sample, actor=None)
        log.append(f"  {name}: {n} dòng số liệu{' (minh họa)' if sample else ''}")


def _round(slug: str, log: list[str], **kwargs: object) -> tuple[Round, bool]:
    existing = Round.objects.filter(slug=slug).first()
    if existing is not None:
        return existing, False
    rnd = rounds.round_create(slug=slug, **kwargs)  # type: ignore[arg-type]
    log.append(f"Tạo kỳ đánh giá {slug}")
    return rnd, True


def _signed_evidence(rnd: Round, admin: object, log: list[str]) -> None:
    """A demo CA (made now, its key never stored) trusted by the platform, and Nam Đông's I.1
    decision signed under it, so the evidence register shows a valid signature."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dti.web.demo_pki import demo_signed_evidence
    from dti.web.entries.evidence import evidence_add
    from dti.web.entries.models import Entry
    from dti.web.entries.trust_roots import trust_root_add

    entry = Entry.objects.filter(round=rnd, unit__key="legacy:483", criterion_code="I.1").first()
    if entry is None:
        return
    ca_pem, pdf = demo_signed_evidence("Nguyễn Văn An", "UBND huyện Nam Đông",
                                       b"Quyet dinh kien toan Ban chi dao chuyen doi so huyen Nam Dong")
    trust_root_add(data=ca_pem, actor=admin)  # type: ignore[arg-type]
    evidence_add(entry=entry, upload=SimpleUploadedFile("quyet-dinh-ban-chi-dao-ky-so.pdf", pdf, "application/pdf"),
                 actor=admin)  # type: ignore[arg-type]
    log.append("  Minh chứng ký số mẫu (CA trình diễn) cho Huyện Nam Đông, tiêu chí I.1")


def _keep_open(rnd: Round, admin: object, log: list[str]) -> None:
    """The demo's open round stays enterable whatever today's date: a passed deadline is moved on, audited."""
    today = timezone.localdate()
    rnd.refresh_from_db()
    if rnd.state != RoundState.OPEN or (rnd.submission_deadline or today) >= today + dt.timedelta(days=7):
        return
    days = {"submission_deadline": today + dt.timedelta(days=30), "review_deadline": today + dt.timedelta(days=45)}
    if rnd.agency_submission_deadline is not None:
        days["agency_submission_deadline"] = today + dt.timedelta(days=25)
    round_amend(round=rnd, reason="Trình diễn: lùi hạn nộp để thử nhập liệu", deadlines=days,
                actor=admin)  # type: ignore[arg-type]
    log.append(f"  Hạn nộp kỳ {rnd.slug} lùi đến {days['submission_deadline']:%d/%m/%Y} để trình diễn nhập liệu")


@transaction.atomic
def demo_load() -> tuple[list[str], list[DemoUser]]:
    log: list[str] = []
    stats = units_import(provinces=SEED_PROVINCES, structure="legacy")
    log.append(f"Đơn vị hành chính: {stats}")
    loaded, errors = frameworks_load_builtin()
    log.append(f"Bộ chỉ số: {', '.join(f.code for f in loaded)}")
    log.extend(f"  Lỗi bộ chỉ số {e}" for e in errors)

    admin = user_ensure(username="admin", password=DEMO_PASSWORD, full_name="Quản trị hệ thống", is_staff=True)
    role_assign(user=admin, role=Role.PLATFORM_ADMIN)
    tth = OrgUnit.objects.get(key="legacy:46~2024")
    ninh_thuan = OrgUnit.objects.get(key="legacy:58")

    hue, created = _round(
        "thua-thien-hue-2024-q2", log, name="Đánh giá chuyển đổi số cấp huyện Quý II/2024 – Thừa Thiên Huế",
        framework=_framework("thua-thien-hue-2024"), owner_unit=tth, period_kind="quarter", year=2024,
        period_number=2, units=_units_at(["46"], dt.date(2024, 6, 30)),
        submission_deadline=dt.date(2024, 6, 20), review_deadline=dt.date(2024, 7, 10), actor=admin,
    )
    if created:
        _load_entries(hue, [("nam-dong-2024-q2.csv", False, Workflow.DRAFT),
                            ("thua-thien-hue-2024-q2-synthetic.csv", True, Workflow.SUBMITTED)], log)
        rounds.round_open(round=hue, actor=admin)
        _signed_evidence(hue, admin, log)
    nt, created = _round(
        "ninh-thuan-2022", log, name="Chỉ số chuyển đổi số cấp huyện năm 2022 – Ninh Thuận",
        framework=_framework("ninh-thuan-2022"), owner_unit=ninh_thuan, period_kind="year", year=2022,
        units=_units_at(["58"], dt.date(2022, 12, 31)),
        submission_deadline=dt.date(2022, 11, 15), review_deadline=dt.date(2022, 12, 15), actor=admin,
    )
    if created:
        _load_entries(nt, [("ninh-son-2022.csv", False, Workflow.APPROVED),
                           ("ninh-thuan-2022-synthetic.csv", True, Workflow.APPROVED)], log)
        rounds.round_open(round=nt, actor=admin)
        rounds.round_publish(round=nt, actor=admin)

    nam_dong = OrgUnit.objects.get(key="legacy:483")
    police, _ = Agency.objects.get_or_create(
        org_unit=nam_dong, code="cong-an-huyen", defaults={"name": "Công an huyện Nam Đông"}
    )
    for code in ("VII.1", "VII.5"):
        if code in hue.framework.parsed().by_code:
            assignment_set(round=hue, criterion_code=code, agency=police, actor=admin)

    users = [
        DemoUser("admin", "Quản trị hệ thống", Role.PLATFORM_ADMIN, "toàn hệ thống"),
        DemoUser("so-tttt-hue", "Sở TT&TT Thừa Thiên Huế", Role.FRAMEWORK_OWNER, tth.name),
        DemoUser("so-tttt-ninh-thuan", "Sở TT&TT Ninh Thuận", Role.FRAMEWORK_OWNER, ninh_thuan.name),
        DemoUser("tham-dinh-hue", "Tổ thẩm định Thừa Thiên Huế", Role.ASSESSOR, tth.name),
        DemoUser("nam-dong", "Phòng VH&TT huyện Nam Đông", Role.UNIT_EDITOR, nam_dong.name),
        DemoUser("cong-an-nam-dong", "Công an huyện Nam Đông", Role.AGENCY_EDITOR, f"{police.name}: VII.1, VII.5"),
        DemoUser("ninh-son", "Phòng VH&TT huyện Ninh Sơn", Role.UNIT_EDITOR, "Huyện Ninh Sơn"),
        DemoUser("lanh-dao-ninh-thuan", "Lãnh đạo tỉnh Ninh Thuận", Role.VIEWER, ninh_thuan.name),
        # the cycle: Nam Đông's leader approves its self-assessment; a council member answers feedback
        DemoUser("lanh-dao-nam-dong", "Lãnh đạo UBND huyện Nam Đông", Role.UNIT_LEADER, nam_dong.name),
        DemoUser("hoi-dong-hue", "Hội đồng thẩm định Thừa Thiên Huế", Role.ASSESSOR,
                 f"{tth.name} (thành viên hội đồng)"),
    ]
    scopes = {
        "so-tttt-hue": tth, "so-tttt-ninh-thuan": ninh_thuan, "tham-dinh-hue": tth, "nam-dong": nam_dong,
        "ninh-son": OrgUnit.objects.get(key="legacy:585"), "lanh-dao-ninh-thuan": ninh_thuan,
        "lanh-dao-nam-dong": nam_dong, "hoi-dong-hue": tth,
    }
    for du in users[1:]:
        user = user_ensure(username=du.username, password=DEMO_PASSWORD, full_name=du.full_name)
        if du.role == Role.AGENCY_EDITOR:
            role_assign(user=user, role=du.role, org_unit=nam_dong, agency=police)
        else:
            role_assign(user=user, role=du.role, org_unit=scopes[du.username],
                        is_council=True if du.username == "hoi-dong-hue" else None)
    _keep_open(hue, admin, log)
    if not hue.office_name:  # named in the deadline messages ("liên hệ Sở TT&TT để được gia hạn")
        Round.objects.filter(pk=hue.pk).update(office_name="Sở TT&TT")
    return log, users


def demo_migrate() -> None:
    call_command("migrate", interactive=False, verbosity=0)
