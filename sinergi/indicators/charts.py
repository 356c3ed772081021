"""Server-side SVG charts and the tile-grid map: plain strings of SVG built here (no JavaScript, no CDN), so a
phone on a slow link and a printed report draw the same picture. Every chart has a title and is drawn beside
an accessible table by its template; the SVG itself is ``role="img"`` with that title as its label."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#1f6f8b", "#e07a1f", "#5b8c3a", "#8a4f9e", "#c23b3b", "#6b6b6b")
SCALE = ("#f1eef6", "#bdc9e1", "#74a9cf", "#2b8cbe", "#045a8d")  # light → dark: low → high
NO_DATA = "#dddddd"


def format_figure(value: Decimal | None, decimals: int) -> str:
    """85.3026 → "85,30" (Indonesian separators); None → "–"."""
    if value is None:
        return "–"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg(width: int, height: int, title: str, body: list[str]) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="chart" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
    )
    return mark_safe(head + "".join(body) + "</svg>")


def _top(values: Sequence[float]) -> float:
    top = max([0.0, *values])
    if top <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(top))
    return math.ceil(top / magnitude) * magnitude


def bar_chart(*, title: str, rows: Sequence[tuple[str, float]], width: int = 360) -> SafeString:
    """Horizontal bars, one per labelled row (by region, by cluster)."""
    bar, gap, label_w = 18, 6, 130
    height = max(1, len(rows)) * (bar + gap) + 10
    top = _top([v for _l, v in rows])
    body = []
    for i, (label, value) in enumerate(rows):
        y = 5 + i * (bar + gap)
        w = (width - label_w - 50) * value / top
        body.append(
            f'<text x="{label_w - 4}" y="{y + 13}" text-anchor="end" font-size="11">{escape(label[:22])}</text>'
        )
        body.append(f'<rect x="{label_w}" y="{y}" width="{_num(w)}" height="{bar}" fill="{PALETTE[0]}"/>')
        body.append(f'<text x="{label_w + w + 4:.1f}" y="{y + 13}" font-size="11">{escape(_num(value))}</text>')
    return _svg(width, height, title, body)


def stacked_chart(
    *, title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float]]], width: int = 360
) -> SafeString:
    """Horizontal stacked bars: one bar per label, one coloured part per series (by predicate, by source)."""
    bar, gap, label_w = 18, 6, 130
    height = max(1, len(labels)) * (bar + gap) + 30
    totals = [sum(s[1][i] for s in series) for i in range(len(labels))]
    top = _top(totals)
    body = []
    for i, label in enumerate(labels):
        y = 5 + i * (bar + gap)
        x = float(label_w)
        body.append(
            f'<text x="{label_w - 4}" y="{y + 13}" text-anchor="end" font-size="11">{escape(label[:22])}</text>'
        )
        for k, (_name, values) in enumerate(series):
            w = (width - label_w - 20) * values[i] / top
            body.append(
                f'<rect x="{_num(x)}" y="{y}" width="{_num(w)}" height="{bar}" fill="{PALETTE[k % len(PALETTE)]}"/>'
            )
            x += w
    legend_y = height - 10
    for k, (name, _v) in enumerate(series):
        x = 10 + k * 90
        body.append(f'<rect x="{x}" y="{legend_y - 9}" width="10" height="10" fill="{PALETTE[k % len(PALETTE)]}"/>')
        body.append(f'<text x="{x + 14}" y="{legend_y}" font-size="10">{escape(name[:14])}</text>')
    return _svg(width, height, title, body)


def line_chart(
    *,
    title: str,
    points: Sequence[tuple[str, float | None]],
    target: float | None = None,
    width: int = 360,
    height: int = 160,
) -> SafeString:
    """A trend line over periods; with ``target`` a dashed line at the target (target vs actual)."""
    left, right, top_pad, bottom = 40, 10, 10, 24
    values = [v for _p, v in points if v is not None]
    top = _top([*values, target or 0])
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    step = plot_w / max(1, len(points) - 1)

    def y(v: float) -> float:
        return top_pad + plot_h * (1 - v / top)

    body = [
        f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{width - right}" y2="{top_pad + plot_h}" stroke="#999"/>',
        f'<text x="{left - 4}" y="{top_pad + 8}" text-anchor="end" font-size="10">{escape(_num(top))}</text>',
        f'<text x="{left - 4}" y="{top_pad + plot_h}" text-anchor="end" font-size="10">0</text>',
    ]
    coords = [(left + i * step, y(v)) for i, (_p, v) in enumerate(points) if v is not None]
    if len(coords) > 1:
        path = " ".join(f"{_num(cx)},{_num(cy)}" for cx, cy in coords)
        body.append(f'<polyline points="{path}" fill="none" stroke="{PALETTE[0]}" stroke-width="2"/>')
    for cx, cy in coords:
        body.append(f'<circle cx="{_num(cx)}" cy="{_num(cy)}" r="3" fill="{PALETTE[0]}"/>')
    for i, (period, _v) in enumerate(points):
        px = _num(left + i * step)
        body.append(f'<text x="{px}" y="{height - 6}" text-anchor="middle" font-size="10">{escape(period)}</text>')
    if target is not None:
        ty = _num(y(target))
        dash = f'stroke="{PALETTE[1]}" stroke-dasharray="5,4" stroke-width="2"'
        body.append(f'<line x1="{left}" y1="{ty}" x2="{width - right}" y2="{ty}" {dash}/>')
    return _svg(width, height, title, body)


@dataclass(frozen=True, slots=True)
class Tile:
    code: str
    label: str
    value: Decimal | None
    href: str  # "" when there is nothing to drill down to


def tile_map(*, title: str, tiles: Sequence[Tile], columns: int = 0, size: int = 64) -> SafeString:
    """A tile-grid map: one square per region of a level, in code order, coloured by the indicator in five
    equal steps between the lowest and highest figure; a tile links to its region's page (drill-down)."""
    columns = columns or max(1, min(6, math.ceil(math.sqrt(len(tiles) or 1))))
    rows = math.ceil(len(tiles) / columns) or 1
    known = [float(t.value) for t in tiles if t.value is not None]
    low, high = (min(known), max(known)) if known else (0.0, 0.0)
    body = []
    for i, t in enumerate(tiles):
        x, y = (i % columns) * (size + 4), (i // columns) * (size + 4)
        if t.value is None:
            colour = NO_DATA
        else:
            step = 0 if high == low else min(4, int(5 * (float(t.value) - low) / (high - low)))
            colour = SCALE[step]
        ink = "#ffffff" if colour in SCALE[3:] else "#000000"
        shown = "–" if t.value is None else _num(float(t.value))
        tile = (
            f'<rect x="{x}" y="{y}" width="{size}" height="{size}" fill="{colour}" stroke="#ffffff"/>'
            f'<text x="{x + size / 2}" y="{y + 24}" text-anchor="middle" font-size="10" fill="{ink}">'
            f"{escape(t.label[:12])}</text>"
            f'<text x="{x + size / 2}" y="{y + 44}" text-anchor="middle" font-size="13" fill="{ink}">'
            f"{escape(shown)}</text>"
        )
        if t.href:
            tile = f'<a href="{escape(t.href)}" aria-label="{escape(t.label)}">{tile}</a>'
        body.append(tile)
    return _svg(columns * (size + 4), rows * (size + 4), title, body)


def target_actual_chart(
    *,
    title: str,
    rows: Sequence[tuple[str, float, float | None]],
    width: int = 360,
    height: int = 170,
    target_label: str = "target",
    actual_label: str = "actual",
) -> SafeString:
    """Target vs actual: per period a pale bar for the target and beside it a solid one for the figure reached
    (none where there is no figure yet), with a legend."""
    left, right, top_pad, bottom = 40, 10, 10, 40
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    top = _top([*(t for _p, t, _a in rows), *(a for _p, _t, a in rows if a is not None)])
    slot = plot_w / max(1, len(rows))
    bar = max(4.0, min(24.0, slot / 2 - 4))
    base = top_pad + plot_h
    body = [
        f'<line x1="{left}" y1="{base}" x2="{width - right}" y2="{base}" stroke="#999"/>',
        f'<text x="{left - 4}" y="{top_pad + 8}" text-anchor="end" font-size="10">{escape(_num(top))}</text>',
        f'<text x="{left - 4}" y="{base}" text-anchor="end" font-size="10">0</text>',
    ]
    for i, (period, target, actual) in enumerate(rows):
        x = left + i * slot + slot / 2
        h = plot_h * target / top
        body.append(
            f'<rect x="{_num(x - bar - 1)}" y="{_num(base - h)}" width="{_num(bar)}" height="{_num(h)}" '
            f'fill="{SCALE[1]}" stroke="{PALETTE[0]}"/>'
        )
        if actual is not None:
            ha = plot_h * actual / top
            body.append(
                f'<rect x="{_num(x + 1)}" y="{_num(base - ha)}" width="{_num(bar)}" height="{_num(ha)}" '
                f'fill="{PALETTE[1]}"/>'
            )
        body.append(f'<text x="{_num(x)}" y="{base + 14}" text-anchor="middle" font-size="10">{escape(period)}</text>')
    legend_y = height - 6
    for k, (label, fill) in enumerate(((target_label, SCALE[1]), (actual_label, PALETTE[1]))):
        lx = left + k * 110
        body.append(f'<rect x="{lx}" y="{legend_y - 9}" width="10" height="10" fill="{fill}" stroke="{PALETTE[0]}"/>')
        body.append(f'<text x="{lx + 14}" y="{legend_y}" font-size="10">{escape(label[:16])}</text>')
    return _svg(width, height, title, body)
