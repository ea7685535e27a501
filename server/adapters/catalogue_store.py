"""Install a hall file into the database: the hall, its services and windows (by number)."""

from __future__ import annotations

from sqlalchemy import Engine, insert, select, update

from server.adapters import mapping, tables
from server.adapters.appointment_store import save_policies
from server.adapters.hall_file import HallConfig
from server.adapters.limits_store import save_hall_limits, seed_hall_limits


def install_hall(engine: Engine, cfg: HallConfig, *, overwrite: bool = True) -> None:
    """Create or update the hall from its file; window state and clerks are kept.

    With overwrite False the file only seeds: what is missing (the hall, a service by code,
    a window by number) is added, and what a manager edited in the console is left alone.
    The [appointments] and [cases] settings are applied by init-db (overwrite) and seeded
    when missing (several `serve` processes start at once: they must not race to rewrite them).
    """
    if not overwrite:
        _seed_hall(engine, cfg)
        return
    hall = cfg.hall
    hall_row = {
        "name_zh": hall.name_zh,
        "name_en": hall.name_en,
        "timezone": hall.timezone,
        "hours": mapping.hours_to_json(hall.hours),
        "rules": mapping.rules_to_json(hall.rules),
        "notice_zh": hall.notice_zh,
        "notice_en": hall.notice_en,
    }
    with engine.begin() as conn:
        h = tables.halls.c
        if conn.execute(select(h.id).where(h.id == hall.id)).first():
            conn.execute(update(tables.halls).where(h.id == hall.id).values(**hall_row))
        else:
            conn.execute(insert(tables.halls).values(id=hall.id, **hall_row))
        save_policies(conn, hall.id, cfg.appointments, cfg.cards)
        save_hall_limits(conn, hall.id, cfg.limits)
        s = tables.services.c
        conn.execute(update(tables.services).where(s.hall_id == hall.id).values(active=False))
        for service in cfg.services:
            row = mapping.service_to_row(hall.id, service)
            where = (s.hall_id == hall.id) & (s.code == service.code)
            if conn.execute(select(s.code).where(where)).first():
                conn.execute(update(tables.services).where(where).values(**row))
            else:
                conn.execute(insert(tables.services).values(**row))
        w = tables.windows.c
        for spec in cfg.windows:
            values = {
                "name_zh": spec.name_zh,
                "name_en": spec.name_en,
                "kind": spec.kind.value,
                "services": ",".join(sorted(spec.services)),
            }
            where = (w.hall_id == hall.id) & (w.number == spec.number)
            if conn.execute(select(w.id).where(where)).first():
                conn.execute(update(tables.windows).where(where).values(**values))
            else:
                conn.execute(
                    insert(tables.windows).values(
                        hall_id=hall.id, number=spec.number, state="closed", pause_reason="",
                        version=0, **values,
                    )
                )  # fmt: skip


def _seed_hall(engine: Engine, cfg: HallConfig) -> None:
    hall = cfg.hall
    with engine.begin() as conn:
        h, s, w = tables.halls.c, tables.services.c, tables.windows.c
        if conn.execute(select(h.id).where(h.id == hall.id)).first() is None:
            conn.execute(
                insert(tables.halls).values(
                    id=hall.id, name_zh=hall.name_zh, name_en=hall.name_en,
                    timezone=hall.timezone, hours=mapping.hours_to_json(hall.hours),
                    rules=mapping.rules_to_json(hall.rules), notice_zh=hall.notice_zh,
                    notice_en=hall.notice_en,
                )
            )  # fmt: skip
        p = tables.hall_policies.c
        if conn.execute(select(p.hall_id).where(p.hall_id == hall.id)).first() is None:
            save_policies(conn, hall.id, cfg.appointments, cfg.cards)
        seed_hall_limits(conn, hall.id, cfg.limits)
        codes = set(conn.execute(select(s.code).where(s.hall_id == hall.id)).scalars())
        for service in cfg.services:
            if service.code not in codes:
                conn.execute(
                    insert(tables.services).values(**mapping.service_to_row(hall.id, service))
                )
        numbers = set(conn.execute(select(w.number).where(w.hall_id == hall.id)).scalars())
        for spec in cfg.windows:
            if spec.number not in numbers:
                conn.execute(
                    insert(tables.windows).values(
                        hall_id=hall.id, number=spec.number, name_zh=spec.name_zh,
                        name_en=spec.name_en, kind=spec.kind.value,
                        services=",".join(sorted(spec.services)), state="closed",
                        pause_reason="", version=0,
                    )
                )  # fmt: skip
