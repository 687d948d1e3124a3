"""A server-rendered horizontal bar chart: geometry only, the template draws the SVG.

Each label sits on its own line above its bar, so a long label ("Multipotent adult
progenitor cells (MAPC)") is never cut off, however narrow the phone.
"""

from dataclasses import dataclass

LABEL_LINE = 20  # height of the label line above each bar
BAR_HEIGHT = 16
GAP = 10
BAR_AREA = 420
COUNT_WIDTH = 60
ROW = LABEL_LINE + BAR_HEIGHT + GAP


@dataclass
class Bar:
    label: str
    count: int
    y: int  # top of the bar
    width: int
    text_y: int  # baseline of the label
    count_x: int
    count_y: int  # baseline of the count, beside the bar


@dataclass
class BarChart:
    bars: list[Bar]
    height: int
    width: int = BAR_AREA + COUNT_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def total(self) -> int:
        return sum(bar.count for bar in self.bars)


def bar_chart(counts: list[tuple[str, int]]) -> BarChart:
    largest = max((count for _label, count in counts), default=0) or 1
    bars = []
    for position, (label, count) in enumerate(counts):
        top = position * ROW
        width = round(BAR_AREA * count / largest) if count else 0
        bars.append(
            Bar(
                label=label,
                count=count,
                y=top + LABEL_LINE,
                width=width,
                text_y=top + LABEL_LINE - 6,
                count_x=width + 6,
                count_y=top + LABEL_LINE + BAR_HEIGHT - 3,
            )
        )
    height = max(len(bars) * ROW - GAP, ROW)
    return BarChart(bars=bars, height=height)
